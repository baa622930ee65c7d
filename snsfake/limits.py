"""AWS's numbers that several parts of the fake share: quotas and message sizes."""

from __future__ import annotations

import datetime as _dt

__all__ = [
    "QUOTAS",
    "MAX_MESSAGE_BYTES",
    "LARGE_MESSAGE_THRESHOLD",
    "LARGE_MESSAGE_PROTOCOLS",
    "LARGE_MESSAGE_SUBSCRIPTIONS",
    "PENDING_LIFETIME",
]

# Account and topic quotas (AWS doc "Amazon SNS endpoints and quotas"); a test can lower its
# fake's copy (``fake.limits``) to reach one cheaply.
QUOTAS = {
    "topics": 100_000,
    "fifo_topics": 1_000,
    "tags": 50,
    "subscriptions_per_fifo_topic": 100,
    "subscriptions_per_topic": 12_500_000,
    "filter_policies_per_topic": 200,
    "filter_policies_per_account": 10_000,
}

# A message with its attributes (Publish), or a whole batch (PublishBatch): 256 KiB,
# unless the topic's MaximumMessageSize says otherwise.
MAX_MESSAGE_BYTES = 262_144

# Topics whose MaximumMessageSize is above 256 KiB (AWS doc "Publishing large messages")
# take at most 100 subscriptions, all of these protocols.
LARGE_MESSAGE_THRESHOLD = 262_144
LARGE_MESSAGE_PROTOCOLS = frozenset({"sqs", "lambda", "firehose"})
LARGE_MESSAGE_SUBSCRIPTIONS = 100

# An unconfirmed subscription is deleted after 48 hours (AWS doc "Subscribe").
PENDING_LIFETIME = _dt.timedelta(hours=48)
