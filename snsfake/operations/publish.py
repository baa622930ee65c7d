"""Publish and PublishBatch: the request's checks, in AWS's order; then publishing accepts
the message (services/publishing.py)."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from typing import Any

from .. import arns
from ..access import authorize
from ..context import Context
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
from ..limits import MAX_MESSAGE_BYTES
from ..phones import SMS_MESSAGE_ATTRIBUTES, check_publish_phone_number, check_sms_message_attribute
from ..services.publishing import (
    Submission,
    accept,
    protect_inbound,
    publish_to_endpoint,
    publish_to_phone,
    record_and_fan_out,
)
from ..services.push import check_push_structure, resolve_publish_endpoint
from ..state import Topic
from ..validation import resolve_topic

__all__ = ["publish", "publish_batch", "check_message_attributes"]

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
        if name in SMS_MESSAGE_ATTRIBUTES:
            problem = check_sms_message_attribute(name, data_type, string_value if base != "Binary" else None)
            if problem is not None:
                raise _attribute_error(problem)
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


def _check_entry(
    entry: Mapping[str, Any],
    topic: Topic | None,
    *,
    fifo: bool,
    attribute_path: str,
    endpoint_target: bool,
    limit: int | None,
) -> Submission:
    """Validate one message; ``limit=None`` is a PublishBatch entry (size checked on the batch total).

    Publish checks attributes, size, FIFO ids, then MessageStructure; a batch entry checks
    MessageStructure before the FIFO ids (operations.md §3).
    """
    submission = Submission(entry)
    attributes = submission.attributes
    attributes_size = check_message_attributes(attributes, attribute_path) if attributes else 0
    submission.size = attributes_size + len(submission.message.encode("utf-8"))
    if limit is not None and submission.size > limit:
        raise invalid_parameter("Message too long")
    structure_first = limit is None
    if structure_first:
        _check_entry_structure(entry, submission, endpoint_target)
    if submission.group_id is not None or submission.dedup_id is not None:
        _check_fifo_ids(submission.group_id, submission.dedup_id)
    if fifo:
        if submission.group_id is None:
            raise invalid_parameter("The MessageGroupId parameter is required for FIFO topics")
        if (
            submission.dedup_id is None
            and topic is not None
            and topic.attributes.get("ContentBasedDeduplication") != "true"
        ):
            raise invalid_parameter(
                "The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId "
                "provided explicitly"
            )
    elif submission.dedup_id is not None:
        raise invalid_parameter(
            "MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not "
            "valid for this topic type"
        )
    if not structure_first:
        _check_entry_structure(entry, submission, endpoint_target)
    return submission


def _check_entry_structure(entry: Mapping[str, Any], submission: Submission, endpoint_target: bool) -> None:
    if entry.get("MessageStructure") == "json":
        submission.structure = _check_structure(submission.message, needs_default=not endpoint_target)


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
        check_publish_phone_number(phone_number)
    arn = topic_arn if topic_arn is not None else target_arn
    endpoint_target = bool(target_arn and _is_endpoint_arn(target_arn))
    topic = None
    if arn and not endpoint_target and len(parts) == 6:  # arn is target: split above
        state = context.backend.find_region(parts[4], parts[3])
        topic = state.topics.get(arn) if state is not None else None
    fifo = bool(arn and not endpoint_target and arn.endswith(".fifo"))
    endpoint = None
    if endpoint_target and target_arn:
        # AWS answers EndpointDisabled before it looks at the message (a recorded AWS reply).
        endpoint = resolve_publish_endpoint(context, target_arn)
    submission = _check_entry(
        params,
        topic,
        fifo=fifo,
        attribute_path="messageAttributes",
        endpoint_target=endpoint_target,
        limit=_message_limit(topic),
    )
    if phone_number is not None:
        return {"MessageId": publish_to_phone(context, phone_number, submission)}
    if endpoint is not None:
        if submission.structure is not None:
            check_push_structure(context, endpoint.arn, submission.structure)
        return {"MessageId": publish_to_endpoint(context, endpoint, submission)}
    if topic is None or topic.region != context.region:
        # Absent, or not in the caller's region: resolve_topic raises AWS's error for it.
        topic = resolve_topic(context, arn, "TopicArn" if topic_arn is not None else "TargetArn")
    if fifo and submission.dedup_id is None and topic.attributes.get("ContentBasedDeduplication") != "true":
        raise invalid_parameter(
            "The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId "
            "provided explicitly"
        )
    if topic.protection is not None:
        protect_inbound(context, topic, submission)
    message_id, sequence_number = accept(context, topic, submission)
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
    record_and_fan_out(context, topic, message_id, message, None, None, None)
    return {"MessageId": message_id}


# At most 4 UTF-8 bytes a character: no message this long can exceed the smallest MaximumMessageSize.
_PLAIN_MESSAGE_CHARS = 1024 // 4


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
    submissions: list[Submission] = []
    total = 0
    for index, entry in enumerate(entries, start=1):
        if entry.get("Message", "") == "":
            raise invalid_parameter("Empty message")
        subject = entry.get("Subject")
        if subject is not None:
            _check_subject(subject)
        submission = _check_entry(
            entry,
            topic,
            fifo=topic.fifo,
            attribute_path=f"publishBatchRequestEntries.{index}.member.messageAttributes",
            endpoint_target=False,
            limit=None,
        )
        total += submission.size
        submissions.append(submission)
    # The whole batch shares one message's limit: 256 KiB, or the topic's MaximumMessageSize
    # (boto3 PublishBatch doc); an oversized single entry is BatchRequestTooLong too.
    if total > _message_limit(topic):
        raise BatchRequestTooLong("The length of all the messages put together is more than the limit.")
    successful: list[dict[str, Any]] = []
    failed: list[dict[str, Any]] = []
    for entry_id, submission in zip(ids, submissions, strict=True):
        if topic.protection is not None:
            try:
                protect_inbound(context, topic, submission)
            except SnsError as error:
                # (unconfirmed) an entry the data protection policy denies fails alone, like an invalid one
                failed.append({"Id": entry_id, "Code": error.code, "Message": error.message, "SenderFault": True})
                continue
        message_id, sequence_number = accept(context, topic, submission)
        item = {"Id": entry_id, "MessageId": message_id}
        if sequence_number is not None:
            item["SequenceNumber"] = sequence_number
        successful.append(item)
    return {"Successful": successful, "Failed": failed}
