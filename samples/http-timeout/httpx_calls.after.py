"""httpx: functions, Client and AsyncClient instances (a client with its own timeout is left alone)."""
import httpx
from httpx import AsyncClient


def weather(city):
    return httpx.get("https://wttr.example/", params={"q": city}, timeout=10).json()


def stream_log(url):
    with httpx.stream("GET", url, timeout=10) as response:
        return list(response.iter_lines())


def batch(urls):
    with httpx.Client(base_url="https://api.example.com") as client:
        return [client.get(url, timeout=10).status_code for url in urls]


def patient(urls):
    with httpx.Client(timeout=60) as client:
        return [client.get(url).status_code for url in urls]


async def gather(urls):
    async with AsyncClient() as client:
        return [(await client.get(url, timeout=10)).text for url in urls]
