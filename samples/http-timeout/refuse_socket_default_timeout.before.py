"""urlopen already follows socket.setdefaulttimeout(): refused, with a finding."""
import socket
from urllib.request import urlopen

socket.setdefaulttimeout(30)


def ping(url):
    return urlopen(url).status
