from django.urls import path

from tryghed.alarms.consumers import AlarmConsumer

websocket_urlpatterns = [path("ws/alarmer/", AlarmConsumer.as_asgi())]
