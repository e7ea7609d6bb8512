from drf_spectacular.utils import OpenApiResponse

from mercator.api.serializers import MercatorErrorSerializer

REFUSALS = {
    400: OpenApiResponse(MercatorErrorSerializer, description="A rule refused the action (the message says why)."),
    403: OpenApiResponse(MercatorErrorSerializer, description="Your role may not take this action."),
    409: OpenApiResponse(MercatorErrorSerializer, description="The plan is not in a state that allows it."),
}


def m2m_values(serializer_class, validated: dict) -> tuple[dict, dict]:
    """Split validated data into plain field values and many-to-many values."""
    model = serializer_class.Meta.model
    names = {field.name for field in model._meta.many_to_many}
    plain = {key: value for key, value in validated.items() if key not in names}
    m2m = {key: value for key, value in validated.items() if key in names}
    return plain, m2m
