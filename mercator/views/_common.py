from django.core.exceptions import ValidationError


def errors_of(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return " ".join(" ".join(messages) for messages in exc.message_dict.values())
    return " ".join(exc.messages)
