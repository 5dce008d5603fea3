"""Onboards a fresh Home Assistant through its own APIs and prints a long-lived access token.

Run with the venv's Python (scripts/homeassistant.sh start), which has aiohttp. Steps, as the web UI takes them:
the owner user (POST /api/onboarding/users -> an auth code), a token for it (POST /auth/token), a long-lived
token (WebSocket auth/long_lived_access_token), and the MQTT integration's config entry through its config flow
(POST /api/config/config_entries/flow with handler "mqtt"), waited for until it is loaded; then until Home Assistant
says its start-up is over (GET /api/config: state RUNNING), so that every entity exists.
"""

import argparse
import asyncio
import sys

import aiohttp


def fail(message: str) -> None:
    sys.exit(f"onboard.py: {message}")


async def onboard_owner(session: aiohttp.ClientSession, url: str, password: str) -> str:
    client_id = url + "/"
    async with session.post(f"{url}/api/onboarding/users", json={
            "client_id": client_id, "name": "energy-correlator test", "username": "owner",
            "password": password, "language": "en"}) as response:
        if response.status != 200:
            fail(f"POST /api/onboarding/users answered {response.status}: {await response.text()}")
        auth_code = (await response.json())["auth_code"]
    async with session.post(f"{url}/auth/token", data={
            "grant_type": "authorization_code", "code": auth_code, "client_id": client_id}) as response:
        if response.status != 200:
            fail(f"POST /auth/token answered {response.status}: {await response.text()}")
        return (await response.json())["access_token"]


async def long_lived_token(session: aiohttp.ClientSession, url: str, access_token: str) -> str:
    async with session.ws_connect(url.replace("http", "ws", 1) + "/api/websocket") as ws:
        if (await ws.receive_json())["type"] != "auth_required":
            fail("the WebSocket did not ask for authentication")
        await ws.send_json({"type": "auth", "access_token": access_token})
        answer = await ws.receive_json()
        if answer["type"] != "auth_ok":
            fail(f"the WebSocket refused the token: {answer}")
        # The access token from /auth/token lives 30 minutes; a test may run longer.
        await ws.send_json({"id": 1, "type": "auth/long_lived_access_token",
                            "client_name": "energy-correlator test", "lifespan": 30})
        answer = await ws.receive_json()
        if not answer.get("success"):
            fail(f"auth/long_lived_access_token failed: {answer}")
        return answer["result"]


async def add_mqtt(session: aiohttp.ClientSession, url: str, headers: dict, broker: dict) -> None:
    async with session.post(f"{url}/api/config/config_entries/flow", headers=headers,
                            json={"handler": "mqtt", "show_advanced_options": False}) as response:
        step = await response.json()
        if response.status != 200:
            fail(f"starting the MQTT config flow answered {response.status}: {step}")
    for _ in range(5):
        if step["type"] == "create_entry":
            break
        if step["type"] == "menu":  # under the Supervisor it offers its add-on first; we want a broker of our own
            body = {"next_step_id": "broker"}
        elif step["type"] == "form" and step["step_id"] == "broker":
            body = {key: value for key, value in broker.items() if value not in (None, "")}
        else:
            fail(f"the MQTT config flow went where it was not expected: {step}")
        async with session.post(f"{url}/api/config/config_entries/flow/{step['flow_id']}", headers=headers,
                                json=body) as response:
            step = await response.json()
            if response.status != 200:
                fail(f"the MQTT config flow answered {response.status}: {step}")
        if step.get("errors"):
            fail(f"the MQTT config flow refused the broker: {step['errors']}")
    else:
        fail(f"the MQTT config flow did not end: {step}")
    # Loaded: the integration is set up and subscribed to its discovery prefix.
    for _ in range(600):
        async with session.get(f"{url}/api/config/config_entries/entry", headers=headers,
                               params={"domain": "mqtt"}) as response:
            entries = await response.json()
        if entries and entries[0]["state"] == "loaded":
            return
        await asyncio.sleep(0.1)
    fail(f"the MQTT config entry was not loaded within 60 s: {entries}")


async def await_running(session: aiohttp.ClientSession, url: str, headers: dict) -> None:
    """Home Assistant answers HTTP before its integrations are set up; RUNNING means start-up is over."""
    for _ in range(1800):
        async with session.get(f"{url}/api/config", headers=headers) as response:
            if response.status == 200 and (await response.json()).get("state") == "RUNNING":
                return
        await asyncio.sleep(0.1)
    fail("Home Assistant did not reach the state RUNNING within 180 s")


async def main(args: argparse.Namespace) -> None:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
        access_token = await onboard_owner(session, args.url, args.password)
        token = await long_lived_token(session, args.url, access_token)
        headers = {"Authorization": f"Bearer {token}"}
        await add_mqtt(session, args.url, headers, {
            "broker": args.mqtt_host, "port": args.mqtt_port,
            "username": args.mqtt_user, "password": args.mqtt_password})
        await await_running(session, args.url, headers)
        print(token)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--mqtt-host", required=True)
    parser.add_argument("--mqtt-port", type=int, required=True)
    parser.add_argument("--mqtt-user", default="")
    parser.add_argument("--mqtt-password", default="")
    asyncio.run(main(parser.parse_args()))
