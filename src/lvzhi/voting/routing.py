from django.urls import path

from .consumers import PollScreenConsumer

websocket_urlpatterns = [path("ws/voting/polls/<int:pk>/", PollScreenConsumer.as_asgi())]
