"""httpx bounds every call itself (5 seconds unless the client says otherwise): its functions,
Client and AsyncClient calls are left alone; only requests and urlopen wait for ever."""
import httpx
from httpx import AsyncClient


def weather(city):
    return httpx.get("https://wttr.example/", params={"q": city}).json()


def stream_log(url):
    with httpx.stream("GET", url) as response:
        return list(response.iter_lines())


def batch(urls):
    with httpx.Client(base_url="https://api.example.com") as client:
        return [client.get(url).status_code for url in urls]


def patient(urls):
    with httpx.Client(timeout=60) as client:
        return [client.get(url).status_code for url in urls]


async def gather(urls):
    async with AsyncClient() as client:
        return [(await client.get(url)).text for url in urls]
