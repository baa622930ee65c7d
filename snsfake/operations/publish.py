"""Publish and PublishBatch: validation in AWS's order, FIFO deduplication, fan-out."""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping
from typing import Any

from .. import arns, clock
from ..access import authorize
from ..context import Context
from ..delivery import Message, fan_out, select_body, skip
from ..errors import (
    BatchEntryIdsNotDistinct,
    BatchRequestTooLong,
    EmptyBatchRequest,
    InvalidBatchEntryId,
    ParameterValueInvalid,
    SnsError,
    TooManyEntriesInBatchRequest,
    invalid_parameter,
    null_member,
)
from ..records import Published
from ..state import PlatformEndpoint, Topic
from ..validation import find_topic, resolve_topic

__all__ = ["publish", "publish_batch", "check_message_attributes", "MAX_MESSAGE_BYTES"]

MAX_MESSAGE_BYTES = 262_144
DEDUP_WINDOW_SECONDS = 300.0
_ATTRIBUTE_NAME_CHAR = re.compile(r"[^A-Za-z0-9_.\-]")
_BATCH_ID = re.compile(r"^[A-Za-z0-9_-]+\Z", re.ASCII)
_FIFO_ID = re.compile(r"^[\x21-\x7e]{1,128}\Z", re.ASCII)
_BASE_TYPES = ("String", "Number", "Binary")
# Names AWS reserves ("AWS." / "Amazon.", any case; AWS doc "Amazon SNS message attributes"), except the
# documented ones, matched case-sensitively (real AWS rejects "AWS.SNS.SMS.SenderId": aws-sdk-js #3110).
_RESERVED_PREFIXES = ("aws.", "amazon.")
_RESERVED_ALLOWED = frozenset(
    {
        "AWS.SNS.SMS.SenderID",
        "AWS.SNS.SMS.SMSType",
        "AWS.SNS.SMS.MaxPrice",
        "AWS.MM.SMS.OriginationNumber",
        "AWS.MM.SMS.EntityId",
        "AWS.MM.SMS.TemplateId",
    }
)
_RESERVED_ALLOWED_PREFIX = "AWS.SNS.MOBILE."


# --------------------------------------------------------------------------- validation
def _attribute_error(text: str) -> ParameterValueInvalid:
    return ParameterValueInvalid(text)


def check_message_attributes(attributes: Mapping[str, Any] | None, path: str = "messageAttributes") -> int:
    """Validate MessageAttributes as AWS does; their size in bytes (name + type + value)."""
    if not attributes:
        return 0
    size = 0
    for name, attribute in attributes.items():
        data_type = attribute.get("DataType")
        if data_type is None:
            raise null_member(f"{path}.{name}.member.dataType")
        if len(name.encode("utf-8")) > 256:
            raise _attribute_error("Length of message attribute name must be less than 256 bytes.")
        bad = _ATTRIBUTE_NAME_CHAR.search(name)
        if bad is not None:
            raise _attribute_error(
                f"Invalid non-alphanumeric character '#x{ord(bad.group()):X}' was found in the message attribute "
                "name. Can only include alphanumeric characters, hyphens, underscores, or dots."
            )
        if name.startswith("."):
            raise _attribute_error("Invalid message attribute name starting with character '.' was found.")
        if name.endswith("."):
            raise _attribute_error("Invalid message attribute name ending with character '.' was found.")
        if ".." in name:
            raise _attribute_error("Message attribute name can not have successive '.' character.")
        if (
            name.lower().startswith(_RESERVED_PREFIXES)
            and name not in _RESERVED_ALLOWED
            and not name.startswith(_RESERVED_ALLOWED_PREFIX)
        ):
            raise _attribute_error(
                "Message attribute names starting with 'AWS.' or 'Amazon.' are reserved for use by Amazon."
            )
        base, dot, custom = data_type.partition(".")
        if base not in _BASE_TYPES or (dot and not custom):
            raise _attribute_error(
                f"The message attribute '{name}' has an invalid message attribute type, the set of supported "
                "type prefixes is Binary, Number, and String."
            )
        if len(data_type.encode("utf-8")) > 256:
            raise _attribute_error("Length of message attribute type must be less than 256 bytes.")
        string_value = attribute.get("StringValue")
        binary_value = attribute.get("BinaryValue")
        if base == "Binary":
            if not binary_value:
                if string_value:
                    raise _attribute_error(f"The message attribute '{name}' with type 'Binary' must use field 'Binary'.")
                raise _attribute_error(
                    f"The message attribute '{name}' must contain non-empty message attribute value for message "
                    f"attribute type '{data_type}'."
                )
            value_size = len(binary_value) if isinstance(binary_value, (bytes, bytearray)) else len(
                str(binary_value).encode("utf-8")
            )
        else:
            if not string_value:
                if binary_value:
                    raise _attribute_error(
                        f"The message attribute '{name}' with type '{data_type}' must use field 'String'."
                    )
                raise _attribute_error(
                    f"The message attribute '{name}' must contain non-empty message attribute value for message "
                    f"attribute type '{data_type}'."
                )
            # An array type's value is not checked here: SNS accepts any text, and a value that is
            # not a JSON array only changes what filter policies see (filter_policy._array_values).
            if base == "Number" and data_type != "Number.Array" and not _is_number(string_value):
                raise _attribute_error(f"Could not cast message attribute '{name}' value to number.")
            value_size = len(string_value.encode("utf-8"))
        size += len(name.encode("utf-8")) + len(data_type.encode("utf-8")) + value_size
    return size


_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", re.ASCII)


def _is_number(text: str) -> bool:
    """A decimal number as AWS reads one: no spaces, underscores, non-ASCII digits, NaN or Infinity."""
    return _NUMBER.fullmatch(text) is not None and math.isfinite(float(text))


def _check_subject(subject: str) -> None:
    """At most 100 characters: real AWS accepts 100, rejects 101 (getmoto/moto#1503; docs: "less than")."""
    if subject == "" or len(subject) > 100 or any(ord(char) < 32 or ord(char) == 127 for char in subject):
        raise invalid_parameter("Subject")


def _check_structure(message: str, needs_default: bool) -> dict[str, Any]:
    # Duplicate keys are accepted and the last one wins: the API Reference says they are not
    # allowed, but AWS publishes such a message (a recorded AWS reply).
    try:
        structure = json.loads(message)
    except (ValueError, RecursionError):
        raise invalid_parameter("Message Structure - JSON message body failed to parse") from None
    if not isinstance(structure, dict):
        raise invalid_parameter("Message Structure - JSON message body failed to parse")
    if needs_default and not isinstance(structure.get("default"), str):
        raise invalid_parameter("Message Structure - No default entry in JSON message body")
    return structure


def _check_fifo_ids(group_id: Any, dedup_id: Any) -> None:
    if group_id is not None and not _FIFO_ID.match(group_id):
        raise invalid_parameter(
            "MessageGroupId Reason: MessageGroupId can only include alphanumeric and punctuation characters. "
            "1 to 128 in length."
        )
    if dedup_id is not None and not _FIFO_ID.match(dedup_id):
        raise invalid_parameter(
            "MessageDeduplicationId Reason: MessageDeduplicationId can only include alphanumeric and punctuation "
            "characters. 1 to 128 in length."
        )


class _Checked:
    """A validated publish, ready to be accepted."""

    __slots__ = ("message", "subject", "attributes", "structure", "group_id", "dedup_id", "size", "protected")

    def __init__(self, entry: Mapping[str, Any]) -> None:
        self.message: str = entry.get("Message", "")
        self.subject: str | None = entry.get("Subject")
        attributes = entry.get("MessageAttributes")
        # Copied: records and lazily rendered bodies must not follow later changes to the caller's dicts.
        self.attributes: Mapping[str, Any] | None = (
            {name: dict(value) for name, value in attributes.items()} if attributes else None
        )
        self.structure: dict[str, Any] | None = None
        self.group_id: str | None = entry.get("MessageGroupId")
        self.dedup_id: str | None = entry.get("MessageDeduplicationId")
        self.size = 0
        # What the topic's Inbound data protection statements made of the message (None: untouched).
        self.protected: Any = None


def _check_entry(
    entry: Mapping[str, Any],
    topic: Topic | None,
    *,
    fifo: bool,
    attribute_path: str,
    endpoint_target: bool,
    limit: int | None,
) -> _Checked:
    """Validate one message; ``limit=None`` is a PublishBatch entry (size checked on the batch total).

    Publish checks attributes, size, FIFO ids, then MessageStructure; a batch entry checks
    MessageStructure before the FIFO ids (operations.md §3).
    """
    checked = _Checked(entry)
    attributes = checked.attributes
    attributes_size = check_message_attributes(attributes, attribute_path) if attributes else 0
    checked.size = attributes_size + len(checked.message.encode("utf-8"))
    if limit is not None and checked.size > limit:
        raise invalid_parameter("Message too long")
    structure_first = limit is None
    if structure_first:
        _check_entry_structure(entry, checked, endpoint_target)
    if checked.group_id is not None or checked.dedup_id is not None:
        _check_fifo_ids(checked.group_id, checked.dedup_id)
    if fifo:
        if checked.group_id is None:
            raise invalid_parameter("The MessageGroupId parameter is required for FIFO topics")
        if (
            checked.dedup_id is None
            and topic is not None
            and topic.attributes.get("ContentBasedDeduplication") != "true"
        ):
            raise invalid_parameter(
                "The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId "
                "provided explicitly"
            )
    elif checked.dedup_id is not None:
        raise invalid_parameter(
            "MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not "
            "valid for this topic type"
        )
    if not structure_first:
        _check_entry_structure(entry, checked, endpoint_target)
    return checked


def _check_entry_structure(entry: Mapping[str, Any], checked: _Checked, endpoint_target: bool) -> None:
    if entry.get("MessageStructure") == "json":
        checked.structure = _check_structure(checked.message, needs_default=not endpoint_target)


# --------------------------------------------------------------------------- acceptance
def _protect_inbound(context: Context, topic: Topic, checked: _Checked) -> None:
    """Apply the topic's Inbound DataProtectionPolicy statements; AuthorizationError when they deny."""
    from ..data_protection import inbound_denied, record_findings

    protection = topic.protection
    outcome = protection.apply(
        "Inbound",
        protection.scan(checked.message),
        checked.structure,
        account=context.account,
        principal=context.principal,
    )
    if outcome is None:
        return
    if outcome.denied:
        record_findings(
            context.fake,
            outcome.findings,
            message_id=None,
            topic_arn=topic.arn,
            direction="Inbound",
            principal=context.principal,
            at=context.now,
        )
        raise inbound_denied()
    checked.protected = outcome


def _accept_topic_message(context: Context, topic: Topic, checked: _Checked) -> tuple[str, str | None]:
    """Deduplicate (FIFO), record and fan out one message; its MessageId and SequenceNumber."""
    now = context.now
    sequence_number = None
    dedup_id = checked.dedup_id
    key: tuple[str, str] | None = None
    if topic.fifo:
        if dedup_id is None:
            dedup_id = hashlib.sha256(checked.message.encode("utf-8")).hexdigest()
        per_group = topic.attributes.get("FifoThroughputScope") == "MessageGroup"
        scope = (checked.group_id or "") if per_group else ""
        key = (scope, dedup_id)
        moment = now.timestamp()
        dedup = topic.dedup
        while dedup:
            oldest_key, oldest = next(iter(dedup.items()))
            if oldest[0] > moment:
                break
            del dedup[oldest_key]
        seen = dedup.get(key)
        if seen is not None:
            _record_deduplicated(context, topic, seen[1], dedup_id)
            return seen[1], seen[2]
        topic.sequence += 1
        sequence_number = f"{10**19 + topic.sequence * 4_096:020d}"
    message_id = arns.new_id()
    if key is not None:
        topic.dedup[key] = (now.timestamp() + DEDUP_WINDOW_SECONDS, message_id, sequence_number or "")
    text, structure = checked.message, checked.structure
    if checked.protected is not None:
        # Inbound Deidentify: the topic carries, and every subscriber gets, the masked text.
        from ..data_protection import record_findings

        text, structure = checked.protected.message, checked.protected.structure
        record_findings(
            context.fake,
            checked.protected.findings,
            message_id=message_id,
            topic_arn=topic.arn,
            direction="Inbound",
            principal=context.principal,
            at=now,
        )
    _record_and_fan_out(
        context,
        topic,
        message_id,
        text,
        checked.subject,
        checked.attributes,
        structure,
        checked.group_id,
        dedup_id,
        sequence_number,
    )
    return message_id, sequence_number


def _record_and_fan_out(
    context: Context,
    topic: Topic,
    message_id: str,
    text: str,
    subject: str | None,
    attributes: Mapping[str, Any] | None,
    structure: dict[str, Any] | None,
    group_id: str | None = None,
    dedup_id: str | None = None,
    sequence_number: str | None = None,
) -> None:
    """Record an accepted message and hand it to the topic's subscriptions (and archive)."""
    now = context.now
    context.fake.record_published(
        (  # Published's fields, in order
            message_id,
            text,
            context.account,
            context.region,
            now,
            topic.arn,
            None,
            None,
            subject,
            attributes or {},
            "json" if structure is not None else None,
            group_id,
            dedup_id,
            sequence_number,
        )
    )
    if not topic.subscriptions and topic.archive_start is None:
        return  # nobody listens, nothing is archived
    fan_out(
        context,
        topic,
        Message(
            message_id,
            text,
            subject,
            attributes,
            structure,
            now,
            clock.iso_ms(now),
            group_id,
            dedup_id,
            sequence_number,
        ),
    )


def publish_event(context: Context, topic_arn: str, text: str) -> None:
    """A message SNS itself publishes to a standard topic (platform application events)."""
    topic = find_topic(context, topic_arn)
    if topic is None or topic.fifo:
        return
    checked = _Checked({"Message": text})
    checked.size = len(text.encode("utf-8"))
    _accept_topic_message(context, topic, checked)


def _record_deduplicated(context: Context, topic: Topic, message_id: str, dedup_id: str) -> None:
    """A duplicate reaches no subscriber: say so for each, under the original MessageId."""
    detail = (
        f"MessageDeduplicationId {dedup_id!r} was accepted less than 5 minutes ago as message {message_id}"
    )
    for subscription in list(topic.subscriptions.items.values()):
        skip(context, topic, subscription, message_id, "Deduplicated", detail, context.now)


def _is_endpoint_arn(arn: str) -> bool:
    if ":endpoint/" not in arn:  # every topic ARN: a topic name has no "/"
        return False
    parts = arn.split(":", 5)
    return len(parts) == 6 and parts[5].startswith("endpoint/")


def _message_limit(topic: Topic | None) -> int:
    if topic is None:
        return MAX_MESSAGE_BYTES
    return int(topic.attributes.get("MaximumMessageSize", MAX_MESSAGE_BYTES))


# --------------------------------------------------------------------------- operations
def publish(context: Context, params: Mapping[str, Any]) -> dict[str, Any]:
    if len(params) == 2:
        plain = _publish_plain(context, params)
        if plain is not None:
            return plain
    topic_arn = params.get("TopicArn")
    target_arn = params.get("TargetArn")
    target = topic_arn if topic_arn is not None else target_arn
    parts: list[str] = []
    if isinstance(target, str):
        parts = target.split(":", 6)
        if len(parts) == 6 and parts[4] != context.account and not _is_endpoint_arn(target):
            # Another account's topic: its policy is checked before the message.
            authorize(context, target, "Publish")
    subject = params.get("Subject")
    if subject is not None:
        _check_subject(subject)
    if params.get("Message", "") == "":
        raise invalid_parameter("Empty message")
    # An empty string is a value (AWS answers TopicArn="" with the ARN-shape error, not "no value").
    phone_number = params.get("PhoneNumber")
    if topic_arn is None and target_arn is None and phone_number is None:
        raise invalid_parameter("TopicArn or TargetArn Reason: no value for required parameter")
    if topic_arn is not None and target_arn is not None:
        raise invalid_parameter("TopicArn Reason: Only one of TopicArn or TargetArn may be specified")
    if phone_number is not None and (topic_arn is not None or target_arn is not None):
        raise invalid_parameter(
            "PhoneNumber Reason: Only one of PhoneNumber, TopicArn or TargetArn may be specified"
        )
    if phone_number is not None:
        from .sms import check_publish_phone_number

        check_publish_phone_number(phone_number)
    arn = topic_arn if topic_arn is not None else target_arn
    endpoint_target = bool(target_arn and _is_endpoint_arn(target_arn))
    topic = None
    if arn and not endpoint_target and len(parts) == 6:  # arn is target: split above
        state = context.fake.backend.find_region(parts[4], parts[3])
        topic = state.topics.get(arn) if state is not None else None
    fifo = bool(arn and not endpoint_target and arn.endswith(".fifo"))
    endpoint = None
    if endpoint_target and target_arn:
        from .platform import resolve_publish_endpoint

        # AWS answers EndpointDisabled before it looks at the message (a recorded AWS reply).
        endpoint = resolve_publish_endpoint(context, target_arn)
    checked = _check_entry(
        params,
        topic,
        fifo=fifo,
        attribute_path="messageAttributes",
        endpoint_target=endpoint_target,
        limit=_message_limit(topic),
    )
    if phone_number is not None:
        return {"MessageId": _publish_sms(context, phone_number, checked)}
    if endpoint is not None:
        if checked.structure is not None:
            from .platform import check_push_structure

            check_push_structure(context, endpoint.arn, checked.structure)
        return {"MessageId": _publish_push(context, endpoint, checked)}
    if topic is None or topic.region != context.region:
        # Absent, or not in the caller's region: resolve_topic raises AWS's error for it.
        topic = resolve_topic(context, arn, "TopicArn" if topic_arn is not None else "TargetArn")
    if fifo and checked.dedup_id is None and topic.attributes.get("ContentBasedDeduplication") != "true":
        raise invalid_parameter(
            "The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId "
            "provided explicitly"
        )
    if topic.protection is not None:
        _protect_inbound(context, topic, checked)
    message_id, sequence_number = _accept_topic_message(context, topic, checked)
    result = {"MessageId": message_id}
    if sequence_number is not None:
        result["SequenceNumber"] = sequence_number
    return result


def _publish_plain(context: Context, params: Mapping[str, Any]) -> dict[str, Any] | None:
    """The common call, a message alone to one of the caller's standard topics; None for any other.

    Such a call cannot fail any of the checks below (an owner may always publish, there are no
    attributes, ids or structure to check), so it skips them; whatever it declines, or is unsure
    of (a long message), takes the general path, which checks in AWS's order.
    """
    arn = params.get("TopicArn")
    message = params.get("Message")
    if type(arn) is not str or type(message) is not str or not message or not message.isascii():
        return None  # (non-ASCII text takes the general path, which encodes it as UTF-8)
    topic = context.state.topics.get(arn)
    if topic is None or topic.fifo or topic.protection is not None or len(message) > _PLAIN_MESSAGE_CHARS:
        return None
    message_id = arns.new_id()
    _record_and_fan_out(context, topic, message_id, message, None, None, None)
    return {"MessageId": message_id}


# At most 4 UTF-8 bytes a character: no message this long can exceed the smallest MaximumMessageSize.
_PLAIN_MESSAGE_CHARS = 1024 // 4


def _publish_sms(context: Context, phone_number: str, checked: _Checked) -> str:
    from .sms import deliver_sms

    message_id = arns.new_message_id()
    context.fake.record_published(
        Published(
            message_id=message_id,
            message=checked.message,
            account=context.account,
            region=context.region,
            at=context.now,
            phone_number=phone_number,
            subject=checked.subject,
            attributes=checked.attributes or {},
            structure="json" if checked.structure is not None else None,
        )
    )
    message = Message(
        message_id,
        checked.message,
        checked.subject,
        checked.attributes,
        checked.structure,
        context.now,
        clock.iso_ms(context.now),
    )
    deliver_sms(
        context,
        phone_number=phone_number,
        text=select_body(message, "sms"),
        message_id=message_id,
        attributes=checked.attributes,
    )
    return message_id


def _publish_push(context: Context, endpoint: PlatformEndpoint, checked: _Checked) -> str:
    from .platform import deliver_push

    message_id = arns.new_message_id()
    context.fake.record_published(
        Published(
            message_id=message_id,
            message=checked.message,
            account=context.account,
            region=context.region,
            at=context.now,
            target_arn=endpoint.arn,
            subject=checked.subject,
            attributes=checked.attributes or {},
            structure="json" if checked.structure is not None else None,
        )
    )
    deliver_push(
        context,
        endpoint_arn=endpoint.arn,
        message=checked.message,
        message_json=checked.structure,
        attributes=checked.attributes,
        message_id=message_id,
    )
    return message_id


def publish_batch(context: Context, params: Mapping[str, Any]) -> dict[str, Any]:
    entries = params.get("PublishBatchRequestEntries") or []
    if len(entries) > 10:
        raise TooManyEntriesInBatchRequest("The batch request contains more entries than permissible.")
    if not entries:
        raise EmptyBatchRequest("The batch request doesn't contain any entries.")
    topic = resolve_topic(context, params.get("TopicArn"), action="Publish")
    ids = [entry.get("Id", "") for entry in entries]
    if len(set(ids)) != len(ids):
        raise BatchEntryIdsNotDistinct("Two or more batch entries in the request have the same Id.")
    for entry_id in ids:
        if len(entry_id) > 80:
            raise InvalidBatchEntryId(f"The Id of a batch entry in the batch request is too long: {entry_id}")
        if not _BATCH_ID.match(entry_id):
            raise InvalidBatchEntryId(
                f"The Id of a batch entry in the batch request contains an impermissible character: {entry_id}"
            )
    # A malformed entry fails the whole request with Publish's error, as AWS does: the
    # response's Failed list is for failures after validation.
    checked_entries: list[_Checked] = []
    total = 0
    for index, entry in enumerate(entries, start=1):
        if entry.get("Message", "") == "":
            raise invalid_parameter("Empty message")
        subject = entry.get("Subject")
        if subject is not None:
            _check_subject(subject)
        checked = _check_entry(
            entry,
            topic,
            fifo=topic.fifo,
            attribute_path=f"publishBatchRequestEntries.{index}.member.messageAttributes",
            endpoint_target=False,
            limit=None,
        )
        total += checked.size
        checked_entries.append(checked)
    # The whole batch shares one message's limit: 256 KiB, or the topic's MaximumMessageSize
    # (boto3 PublishBatch doc); an oversized single entry is BatchRequestTooLong too.
    if total > _message_limit(topic):
        raise BatchRequestTooLong("The length of all the messages put together is more than the limit.")
    successful: list[dict[str, Any]] = []
    failed: list[dict[str, Any]] = []
    for entry_id, checked_entry in zip(ids, checked_entries, strict=True):
        if topic.protection is not None:
            try:
                _protect_inbound(context, topic, checked_entry)
            except SnsError as error:
                # (unconfirmed) an entry the data protection policy denies fails alone, like an invalid one
                failed.append({"Id": entry_id, "Code": error.code, "Message": error.message, "SenderFault": True})
                continue
        message_id, sequence_number = _accept_topic_message(context, topic, checked_entry)
        item = {"Id": entry_id, "MessageId": message_id}
        if sequence_number is not None:
            item["SequenceNumber"] = sequence_number
        successful.append(item)
    return {"Successful": successful, "Failed": failed}
