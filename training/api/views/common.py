from drf_spectacular.utils import OpenApiResponse

from training.api.serializers import TrainingErrorSerializer

REFUSALS = {
    400: OpenApiResponse(TrainingErrorSerializer, description="A rule refused the action (the message says why)."),
    403: OpenApiResponse(TrainingErrorSerializer, description="Your role may not take this action."),
    404: OpenApiResponse(TrainingErrorSerializer, description="No such record among those you may see."),
    409: OpenApiResponse(TrainingErrorSerializer, description="The record is not in a state that allows it."),
}
