"""Delivery protocols: one module each, one row each in :data:`PROTOCOLS`.

A protocol says who may subscribe, what its endpoint receives and how SNS hands a message
over (:class:`~snsfake.protocols.base.Protocol`). Adding one is a module and a row here.
"""

from __future__ import annotations

from .application import Application
from .base import Confirmation, Message, Protocol
from .email import Email
from .firehose import Firehose
from .http import HTTP
from .lambda_ import Lambda
from .sms import SMS
from .sqs import SQS

__all__ = ["PROTOCOLS", "Confirmation", "Message", "Protocol"]

PROTOCOLS: dict[str, Protocol] = {
    "http": HTTP("http"),
    "https": HTTP("https"),
    "email": Email("email"),
    "email-json": Email("email-json"),
    "sms": SMS(),
    "sqs": SQS(),
    "application": Application(),
    "lambda": Lambda(),
    "firehose": Firehose(),
}
