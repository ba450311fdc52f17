from django.http import HttpResponse
from django.urls import path

from telka.urls import urlpatterns as telka_urlpatterns


def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("__bare__/", bare), *telka_urlpatterns]
