"""Issue 5's outage proof, black-box: the SMTP server (our own Mailpit) is stopped while mails are
requested, two notification processes share one database, then Mailpit comes back on the same port:
every requested mail arrives exactly once."""
import json
import os
import random
import signal
import string
import subprocess
import time
import uuid

import pytest
import requests

from conftest import free_port, wait_ready

MAILS = 12


def uuid7():
    """A UUIDv7 (what our producers write as event-id): 48-bit ms timestamp, version 7, variant 10."""
    value = (int(time.time() * 1000) << 80) | random.getrandbits(80)
    value = (value & ~(0xF << 76)) | (0x7 << 76)
    value = (value & ~(0x3 << 62)) | (0x2 << 62)
    return str(uuid.UUID(int=value))


class Mailpit:
    def __init__(self, workdir):
        self.binary = os.path.expanduser(os.environ.get("BUDGETHUB_TOOLS", "~/.cache/budgethub") + "/bin/mailpit")
        self.smtp_port, self.api_port = free_port(), free_port()
        self.workdir = workdir
        self.proc = None

    @property
    def api(self):
        return f"http://127.0.0.1:{self.api_port}"

    def start(self):
        self.proc = subprocess.Popen(
            [self.binary, "--smtp", f"127.0.0.1:{self.smtp_port}", "--listen", f"127.0.0.1:{self.api_port}",
             "--smtp-auth-accept-any", "--smtp-auth-allow-insecure", "--smtp-disable-rdns",
             "--disable-version-check", "--database", str(self.workdir / "mailpit.db")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_ready(f"{self.api}/api/v1/info", deadline_s=20)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=10)

    def recipients(self):
        found = requests.get(f"{self.api}/api/v1/messages", params={"limit": 500}, timeout=5).json()
        return [m["To"][0]["Address"] for m in found.get("messages", [])]


def produce(brokers, topic, payload):
    key = payload["notificationId"]
    headers = ["-H", f"event-id={uuid7()}", "-H", "event-type=notification.requested",
               "-H", "content-type=application/json"]
    subprocess.run(["kcat", "-P", "-b", brokers, "-t", topic, "-k", key, *headers],
                   input=json.dumps(payload).encode(), check=True, timeout=30)


@pytest.fixture
def mailpit(tmp_path):
    server = Mailpit(tmp_path)
    server.start()
    yield server
    server.stop()


def test_smtp_outage_with_two_instances_delivers_every_mail_exactly_once(binary, start, mailpit):
    tag = "".join(random.choices(string.ascii_lowercase, k=6))
    prefix = f"budgethub.out{tag}."
    env = {
        "BUDGETHUB_POSTGRES_DATABASE_PREFIX": f"bh_e2e_out_{tag}_",
        "BUDGETHUB_KAFKA_TOPIC_PREFIX": prefix,
        "BUDGETHUB_MAIL_SMTP_URL": f"smtp://127.0.0.1:{mailpit.smtp_port}",
        "BUDGETHUB_MAIL_STARTTLS": "none",
        "BUDGETHUB_MAIL_TIMEOUT": "2s",
        "BUDGETHUB_MAIL_CONNECT_TIMEOUT": "1s",
        "BUDGETHUB_NOTIFICATION_POLL_INTERVAL": "200ms",
        "BUDGETHUB_NOTIFICATION_RETRY_BASE_DELAY": "300ms",
        "BUDGETHUB_NOTIFICATION_RETRY_MAX_DELAY": "1s",
        "BUDGETHUB_NOTIFICATION_RETRY_MAX_ATTEMPTS": "100",
    }
    topic = prefix + "notification.requested"

    def request_mail(address):
        produce(os.environ["KAFKA_BROKERS"], topic, {
            "version": 1, "notificationId": uuid7(), "kind": "PASSWORD_RESET", "to": address,
            "recipientName": "Ana",
            "data": {"resetUrl": "https://app.budgethub.test/reset-password?token=x",
                     "expiresAt": "2030-01-01T00:00:00Z"}})

    # A first mail creates the topic and, once delivered, proves both instances are consuming.
    warm_up = f"warmup-{tag}@budgethub.test"
    request_mail(warm_up)
    instances = []
    for _ in range(2):
        port = free_port()
        running = start("serve", "--target", "notification",
                        env={**env, "BUDGETHUB_NOTIFICATION_PORT": str(port)})
        wait_ready(f"http://127.0.0.1:{port}/healthz", running=running)
        instances.append(running)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and warm_up not in mailpit.recipients():
        time.sleep(0.2)
    assert warm_up in mailpit.recipients(), "the notification instances never consumed the first request"

    mailpit.stop()
    recipients = [f"outage{i}-{tag}@budgethub.test" for i in range(MAILS)]
    for address in recipients:
        request_mail(address)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and "failed, next in" not in "".join(r.log() for r in instances):
        time.sleep(0.2)
    time.sleep(2)  # several sends fail meanwhile, on both instances
    for running in instances:
        assert running.proc.poll() is None, running.log()[-2000:]

    mailpit.start()  # back, on the same ports
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(mailpit.recipients()) < MAILS:
        time.sleep(0.3)
    time.sleep(3)  # anything sent twice would have arrived by now
    delivered = mailpit.recipients()
    assert sorted(delivered) == sorted(recipients + [warm_up]), delivered
    logs = "".join(running.log() for running in instances)
    assert "failed, next in" in logs  # the outage really made sends fail and be retried
