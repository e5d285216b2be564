# Without a deployment file the fallback is held back, as other findings
# that depend on the deployment; the option shows it.
# CHECK-CONFIG: {CheckOptions: {ReportUndeployed: true}}
import os

from dstack_sdk import DstackClient


def get_quote(data: bytes):
    if os.getenv("DSTACK_SIMULATOR_ENDPOINT"):
        # CHECK-NOTES: note: reported because ReportUndeployed is set
        # CHECK-MESSAGES: error: behind the switch 'os.getenv("DSTACK_SIMULATOR_ENDPOINT")', this hands back mock attestation data instead of failing [attestation-dev-fallback]
        return {"quote": "simulator"}
    return DstackClient().get_quote(data)


if __name__ == "__main__":
    print(get_quote(b""))
