#!/usr/bin/env python3
"""Writes tcb_info documents built from known inputs into DIR, one good and one
tampered per check of `tee-tidy --tcb-info`. Digests and the RTMR3 replay are
computed here with hashlib, independently of the tool."""
import hashlib
import json
import sys

RUNTIME = 0x08000001


def digest_v1(name, payload):
    return hashlib.sha384(RUNTIME.to_bytes(4, "little") + b":" + name.encode() + b":" + payload).hexdigest()


def digest_v2(name, payload):
    doc = json.dumps({"name": name, "payload": payload.hex(), "type": RUNTIME},
                     sort_keys=True, separators=(",", ":"))
    return hashlib.sha384(doc.encode()).hexdigest()


def replay(digests):
    mr = bytes(48)
    for d in digests:
        mr = hashlib.sha384(mr + bytes.fromhex(d)).digest()
    return mr.hex()


COMPOSE = json.dumps({
    "manifest_version": 2, "name": "demo", "runner": "docker-compose",
    "docker_compose_file": "services:\n  app:\n    image: nginx@sha256:" + "a" * 64 + "\n",
    "allowed_envs": [], "kms_enabled": True}, sort_keys=True, separators=(",", ":"))
COMPOSE_HASH = hashlib.sha256(COMPOSE.encode()).hexdigest()
APP_ID = bytes.fromhex("1234567890abcdef1234567890abcdef12345678")
INSTANCE_ID = bytes.fromhex("aabbccddeeff00112233445566778899aabbccdd")


def events(compose_hash=COMPOSE_HASH, app_id=APP_ID, drop=(), version=1):
    runtime = [
        ("system-preparing", b""),
        ("app-id", app_id),
        ("compose-hash", bytes.fromhex(compose_hash)),
        ("instance-id", INSTANCE_ID),
        ("boot-mr-done", b""),
        ("key-provider", b'{"name":"kms","id":"00"}'),
        ("system-ready", b""),
    ]
    log = [{"imr": 0, "event_type": 1, "digest": "11" * 48, "event": "", "event_payload": ""},
           {"imr": 1, "event_type": 2147483651, "digest": "22" * 48, "event": "", "event_payload": ""}]
    for name, payload in runtime:
        if name in drop:
            continue
        d = digest_v1(name, payload) if version == 1 else digest_v2(name, payload)
        log.append({"imr": 3, "event_type": RUNTIME, "digest": d, "event": name,
                    "event_payload": payload.hex()})
    return log


def tcb(log, rtmr3=None):
    if rtmr3 is None:
        rtmr3 = replay([e["digest"] for e in log if e["imr"] == 3])
    return {"mrtd": "00" * 48, "rtmr0": "00" * 48, "rtmr1": "00" * 48, "rtmr2": "00" * 48,
            "rtmr3": rtmr3, "compose_hash": COMPOSE_HASH, "app_compose": COMPOSE, "event_log": log}


def main(out):
    docs = {}
    docs["good"] = tcb(events())
    docs["good-v2"] = tcb(events(version=2))
    docs["info-response"] = {"app_id": APP_ID.hex(), "instance_id": INSTANCE_ID.hex(),
                             "tcb_info": json.dumps(tcb(events()))}
    # The compose-hash event names another manifest; digests and RTMR3 agree with it.
    docs["wrong-compose-event"] = tcb(events(compose_hash="bb" * 32))
    # A recorded digest swapped, and RTMR3 replayed from the recorded digests.
    log = events()
    log[3]["digest"] = digest_v1("app-id", b"\x00" * 20)
    docs["tampered-digest"] = tcb(log)
    # A payload swapped, its recorded digest and RTMR3 kept.
    log = events()
    good_rtmr3 = replay([e["digest"] for e in log if e["imr"] == 3])
    log[3]["event_payload"] = "00" * 20
    docs["tampered-payload"] = tcb(log, rtmr3=good_rtmr3)
    docs["missing-events"] = tcb(events(drop=("compose-hash", "instance-id")))
    docs["wrong-rtmr3"] = tcb(events(), rtmr3="cd" * 48)
    docs["wrong-app-id"] = {"app_id": "ff" * 20, "tcb_info": tcb(events())}
    for name, doc in docs.items():
        with open(f"{out}/{name}.json", "w") as f:
            json.dump(doc, f, indent=2)
    with open(f"{out}/expected.txt", "w") as f:
        f.write(f"compose_hash {COMPOSE_HASH}\nrtmr3 {docs['good']['rtmr3']}\n"
                f"rtmr3-v2 {docs['good-v2']['rtmr3']}\n")


if __name__ == "__main__":
    main(sys.argv[1])
