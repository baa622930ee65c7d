"""Topics: create, delete, attributes, listing, permissions, tags, data protection."""

from __future__ import annotations

import fnmatch
import json
import re
from collections.abc import Mapping
from typing import Any

from .. import arns, delivery_policy
from ..access import authorize
from ..clock import iso_ms
from ..context import Context
from ..data_protection import check_data_protection_policy
from ..errors import (
    NotFound,
    ResourceNotFound,
    TagLimitExceeded,
    TopicLimitExceeded,
    invalid_parameter,
)
from ..limits import LARGE_MESSAGE_PROTOCOLS, LARGE_MESSAGE_SUBSCRIPTIONS, LARGE_MESSAGE_THRESHOLD
from ..services.lifecycle import forget_topic
from ..state import Topic
from ..validation import (
    arn_parts,
    bool_string,
    check_tags,
    page,
    parse_json_object,
    resolve_topic,
)

__all__ = [
    "create_topic",
    "delete_topic",
    "get_topic_attributes",
    "set_topic_attributes",
    "list_topics",
    "add_permission",
    "remove_permission",
    "tag_resource",
    "untag_resource",
    "list_tags_for_resource",
    "put_data_protection_policy",
    "get_data_protection_policy",
    "default_policy",
]

_NAME_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}\Z", re.ASCII)
_FIFO_NAME_RE = re.compile(r"^[A-Za-z0-9_-]{1,251}\.fifo\Z", re.ASCII)
_FEEDBACK = tuple(
    f"{protocol}{kind}"
    for protocol in ("HTTP", "Firehose", "Lambda", "Application", "SQS")
    for kind in ("SuccessFeedbackRoleArn", "SuccessFeedbackSampleRate", "FailureFeedbackRoleArn")
)
_FIFO_ONLY = frozenset({"ContentBasedDeduplication", "FifoThroughputScope", "ArchivePolicy"})
SETTABLE = frozenset(
    {
        "Policy",
        "DisplayName",
        "DeliveryPolicy",
        "SignatureVersion",
        "TracingConfig",
        "KmsMasterKeyId",
        "MaximumMessageSize",
        *_FIFO_ONLY,
        *_FEEDBACK,
    }
)
_POLICY_ACTIONS = (
    "GetTopicAttributes",
    "SetTopicAttributes",
    "AddPermission",
    "RemovePermission",
    "DeleteTopic",
    "Subscribe",
    "ListSubscriptionsByTopic",
    "Publish",
)
_PERMISSION_ACTIONS = frozenset({*_POLICY_ACTIONS, "Receive", "GetDataProtectionPolicy", "PutDataProtectionPolicy"})
# Actions an access Policy statement may name (lower case; IAM action names are case-insensitive).
_POLICY_SCOPE = tuple(
    action.lower() for action in (*_PERMISSION_ACTIONS, "ListTagsForResource", "TagResource", "UntagResource")
)
_ACCOUNT_RE = re.compile(r"^\d{12}\Z", re.ASCII)

def default_policy(partition: str, account: str, arn: str) -> str:
    """The access policy SNS gives every new topic (owner account only)."""
    return json.dumps(
        {
            "Version": "2008-10-17",
            "Id": "__default_policy_ID",
            "Statement": [
                {
                    "Sid": "__default_statement_ID",
                    "Effect": "Allow",
                    "Principal": {"AWS": "*"},
                    "Action": [f"SNS:{action}" for action in _POLICY_ACTIONS],
                    "Resource": arn,
                    "Condition": {"StringEquals": {"AWS:SourceOwner": account}},
                }
            ],
        },
        separators=(",", ":"),
    )


class InvalidTopicAttribute(Exception):
    """An invalid topic attribute: ``detail`` follows the call's message prefix."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def _int_in(value: str, low: int, high: int) -> bool:
    digits = value[1:] if value.startswith("-") else value
    return digits.isascii() and digits.isdigit() and len(digits) <= 18 and low <= int(value) <= high


def check_topic_attribute(name: str, value: str, fifo: bool, current: Mapping[str, str]) -> str | None:
    """Validate one settable attribute; the value to store, or None to remove it."""
    if name in _FIFO_ONLY and not fifo:
        raise InvalidTopicAttribute(f"{name}: {name} is only supported on FIFO topics")
    if name == "Policy":
        if value == "":
            raise InvalidTopicAttribute("Policy is empty")
        policy = parse_json_object(value)
        if policy is None:
            raise InvalidTopicAttribute("Policy Error: null")
        if not _actions_in_scope(policy):
            raise InvalidTopicAttribute("Policy statement action out of service scope!")
        return value
    if name == "DisplayName":
        if len(value) > 100:
            raise InvalidTopicAttribute("DisplayName")
        return value
    if name == "DeliveryPolicy":
        try:
            return delivery_policy.normalize_topic_policy(value)
        except delivery_policy.PolicyError as error:
            raise InvalidTopicAttribute(f"DeliveryPolicy: {error.detail}") from None
    if name == "SignatureVersion":
        if value not in ("1", "2"):
            raise InvalidTopicAttribute("SignatureVersion")
        return value
    if name == "TracingConfig":
        if value not in ("PassThrough", "Active"):
            raise InvalidTopicAttribute("TracingConfig: Invalid value [" + value + "]. Must be PassThrough or Active.")
        return value
    if name == "KmsMasterKeyId":
        return value or None
    if name == "MaximumMessageSize":
        if not _int_in(value, 1024, 1_048_576):
            raise InvalidTopicAttribute(f"MaximumMessageSize: {value} value provided is not an integer between 1024-1048576")
        return str(int(value))
    if name == "ContentBasedDeduplication":
        flag = bool_string(value)
        if flag is None:
            raise InvalidTopicAttribute(f"ContentBasedDeduplication: Invalid value [{value}]. Must be true or false.")
        return "true" if flag else "false"
    if name == "FifoThroughputScope":
        if value not in ("Topic", "MessageGroup"):
            raise InvalidTopicAttribute(
                f"FifoThroughputScope: Invalid value [{value}]. Please use either Topic or MessageGroup"
            )
        if value == "Topic" and current.get("FifoThroughputScope") == "MessageGroup":
            raise InvalidTopicAttribute("FifoThroughputScope: FifoThroughputScope can not be changed from MessageGroup to Topic")
        return value
    if name == "ArchivePolicy":
        return _check_archive_policy(value)
    if name.endswith("SampleRate"):
        if not _int_in(value, 0, 100):
            raise InvalidTopicAttribute(f"{name}: {value} value provided is not an integer between 0-100")
        return str(int(value))
    if name.endswith("RoleArn"):
        if value and len(value.split(":")) < 6:
            raise InvalidTopicAttribute(f"{name}: An ARN must have at least 6 elements, not {len(value.split(':'))}")
        return value or None
    raise InvalidTopicAttribute(name)


def _check_archive_policy(value: str) -> str | None:
    if value == "":
        return None
    policy = parse_json_object(value)
    if policy is None:
        raise InvalidTopicAttribute("ArchivePolicy: failed to parse JSON")
    if not policy:
        return None
    unknown = [key for key in policy if key != "MessageRetentionPeriod"]
    if unknown:
        raise InvalidTopicAttribute(f"ArchivePolicy: Unknown field {unknown[0]}")
    period = policy.get("MessageRetentionPeriod")
    text = str(period) if isinstance(period, (int, str)) and not isinstance(period, bool) else ""
    if not _int_in(text, 1, 365):
        raise InvalidTopicAttribute("ArchivePolicy: MessageRetentionPeriod must be between 1 and 365 days")
    return value


def _actions_in_scope(policy: Mapping[str, Any]) -> bool:
    """Every statement's Action names SNS topic actions (``*`` and wildcards allowed)."""
    statements = policy.get("Statement")
    if isinstance(statements, dict):
        statements = [statements]
    for statement in statements if isinstance(statements, list) else []:
        if not isinstance(statement, dict):
            continue
        actions = statement.get("Action", statement.get("NotAction", []))
        for action in actions if isinstance(actions, list) else [actions]:
            if not isinstance(action, str) or action == "*":
                continue
            service, _, pattern = action.lower().partition(":")
            if service != "sns" or not any(fnmatch.fnmatchcase(name, pattern) for name in _POLICY_SCOPE):
                return False
    return True


def _visible_attributes(topic: Topic) -> dict[str, str]:
    stored = topic.attributes
    result = {
        "Policy": stored["Policy"],
        "Owner": topic.account,
        "SubscriptionsPending": str(topic.pending_count),
        "TopicArn": topic.arn,
        "EffectiveDeliveryPolicy": delivery_policy.effective_topic_policy(stored.get("DeliveryPolicy")),
        "SubscriptionsConfirmed": str(topic.confirmed_count),
        "DisplayName": stored.get("DisplayName", ""),
        "SubscriptionsDeleted": str(topic.deleted_count),
    }
    for name, value in stored.items():
        if name not in result:
            result[name] = value
    if topic.fifo:
        result["FifoTopic"] = "true"
        result.setdefault("ContentBasedDeduplication", "false")
    if "ArchivePolicy" in stored and topic.archive_start is not None:
        result["BeginningArchiveTime"] = iso_ms(topic.archive_start)
    return result


# --------------------------------------------------------------------------- operations
def create_topic(context: Context, params: Mapping[str, Any]) -> dict[str, Any]:
    name = params.get("Name", "")
    # botocore omits an empty map: AWS sees no Attributes at all.
    attributes: Mapping[str, str] = params.get("Attributes") or {}
    fifo_flag = attributes.get("FifoTopic")
    fifo = isinstance(fifo_flag, str) and fifo_flag.lower() == "true"
    if fifo:
        if not _FIFO_NAME_RE.match(name):
            raise invalid_parameter("Topic Name")
    elif not _NAME_RE.match(name):
        raise invalid_parameter("Topic Name")
    if fifo_flag is not None and bool_string(fifo_flag) is None:
        raise invalid_parameter(f"Attributes Reason: FifoTopic: Invalid value [{fifo_flag}]. Must be true or false.")

    state = context.state
    arn = arns.topic_arn(context.partition, context.region, context.account, name)
    stored: dict[str, str] = {}
    for key, value in attributes.items():
        if key == "FifoTopic":
            continue
        if key not in SETTABLE:
            raise invalid_parameter(f"Attributes Reason: Unknown attribute {key}")
        try:
            checked = check_topic_attribute(key, value, fifo, stored)
        except InvalidTopicAttribute as error:
            raise invalid_parameter(f"Attributes Reason: {error.detail}") from None
        if checked is not None:
            stored[key] = checked
    tags_param = params.get("Tags")
    tags = check_tags(tags_param) if tags_param is not None else {}
    data_protection = params.get("DataProtectionPolicy")
    protection = None
    if data_protection is not None:
        protection = check_data_protection_policy(data_protection)

    limits = context.settings.limits
    if len(tags) > limits["tags"]:
        raise TagLimitExceeded("Could not complete request: tag quota of per resource exceeded")
    existing = state.topics.get(arn)
    if existing is not None:
        for key, value in attributes.items():
            if key == "FifoTopic":
                continue
            if existing.attributes.get(key) != stored.get(key, value):
                raise invalid_parameter("Attributes Reason: Topic already exists with different attributes")
        if tags_param is not None:
            for key, value in tags.items():
                if existing.tags.get(key) != value:
                    raise invalid_parameter("Tags Reason: Topic already exists with different tags")
        if data_protection is not None and data_protection != existing.data_protection_policy:
            raise invalid_parameter("Attributes Reason: Topic already exists with different attributes")
        return {"TopicArn": arn}

    if fifo and state.fifo_topic_count >= limits["fifo_topics"]:
        raise TopicLimitExceeded("Topic limit exceeded")
    if not fifo and len(state.topics) - state.fifo_topic_count >= limits["topics"]:
        raise TopicLimitExceeded("Topic limit exceeded")

    stored.setdefault("Policy", default_policy(context.partition, context.account, arn))
    if fifo:
        stored.setdefault("ContentBasedDeduplication", "false")
    topic = Topic(arn, name, context.account, context.region, fifo, context.now, stored, tags, data_protection)
    topic.protection = protection
    if "ArchivePolicy" in stored:
        topic.archive_start = context.now
    state.topics.add(arn, topic)
    state.topic_names[name] = arn
    if fifo:
        state.fifo_topic_count += 1
    return {"TopicArn": arn}


def delete_topic(context: Context, params: Mapping[str, Any]) -> dict[str, Any]:
    arn = params.get("TopicArn")
    try:
        topic = resolve_topic(context, arn, action="DeleteTopic")
    except NotFound:
        return {}
    state = context.region_of(topic.account, topic.region)
    forget_topic(state, topic)
    state.topics.remove(topic.arn)
    state.topic_names.pop(topic.name, None)
    if topic.fifo:
        state.fifo_topic_count -= 1
    return {}


def get_topic_attributes(context: Context, params: Mapping[str, Any]) -> dict[str, Any]:
    topic = resolve_topic(context, params.get("TopicArn"), action="GetTopicAttributes")
    if topic.pending_count:  # its SubscriptionsPending must not count expired ones
        context.region_of(topic.account, topic.region).expire_pending(context.now)
    return {"Attributes": _visible_attributes(topic)}


def _check_large_message_topic(topic: Topic, size: int) -> None:
    """Above 256 KiB a topic may keep at most 100 subscriptions, all sqs, lambda or firehose (wording unconfirmed)."""
    if size <= LARGE_MESSAGE_THRESHOLD:
        return
    subscriptions = topic.subscriptions.items.values()
    if len(topic.subscriptions) > LARGE_MESSAGE_SUBSCRIPTIONS or any(
        subscription.protocol not in LARGE_MESSAGE_PROTOCOLS for subscription in subscriptions
    ):
        raise invalid_parameter(
            f"MaximumMessageSize Reason: a topic above {LARGE_MESSAGE_THRESHOLD} bytes supports at most "
            f"{LARGE_MESSAGE_SUBSCRIPTIONS} subscriptions, all sqs, lambda or firehose"
        )


def set_topic_attributes(context: Context, params: Mapping[str, Any]) -> dict[str, Any]:
    topic = resolve_topic(context, params.get("TopicArn"), action="SetTopicAttributes")
    name = params.get("AttributeName", "")
    value = params.get("AttributeValue")
    if value is None:
        value = ""
    if name not in SETTABLE:
        raise invalid_parameter("AttributeName")
    try:
        checked = check_topic_attribute(name, value, topic.fifo, topic.attributes)
    except InvalidTopicAttribute as error:
        raise invalid_parameter(error.detail) from None
    if name == "MaximumMessageSize" and checked is not None:
        _check_large_message_topic(topic, int(checked))
    if name == "Policy":
        checked = checked or default_policy(context.partition, topic.account, topic.arn)
    if checked is None:
        topic.attributes.pop(name, None)
    else:
        topic.attributes[name] = checked
    if name == "ArchivePolicy":
        if checked is None:
            topic.archive_start = None
        elif topic.archive_start is None:
            topic.archive_start = context.now
    return {}


def list_topics(context: Context, params: Mapping[str, Any]) -> dict[str, Any]:
    topics, token = page(context.state.topics, params.get("NextToken"), "topics")
    result: dict[str, Any] = {"Topics": [{"TopicArn": topic.arn} for topic in topics]}
    if token is not None:
        result["NextToken"] = token
    return result


def _policy_document(topic: Topic) -> dict[str, Any]:
    policy = parse_json_object(topic.attributes["Policy"]) or {}
    statements = policy.get("Statement")
    if isinstance(statements, dict):
        policy["Statement"] = [statements]
    elif not isinstance(statements, list):
        policy["Statement"] = []
    return policy


def add_permission(context: Context, params: Mapping[str, Any]) -> dict[str, Any]:
    topic = resolve_topic(context, params.get("TopicArn"), action="AddPermission")
    label = params.get("Label", "")
    accounts = params.get("AWSAccountId") or []
    actions = params.get("ActionName") or []
    if not label:
        raise invalid_parameter("Label Reason: no value for required parameter")
    if not re.match(r"^[A-Za-z0-9_-]{1,100}$", label):
        raise invalid_parameter("Label Reason: Label can contain only alphanumeric characters, hyphens (-) and underscores (_)")
    if not accounts:
        raise invalid_parameter("AWSAccountId Reason: no value for required parameter")
    if not actions:
        raise invalid_parameter("ActionName Reason: no value for required parameter")
    for action in actions:
        if action not in _PERMISSION_ACTIONS:
            raise invalid_parameter("Policy statement action out of service scope!")
    principals = []
    for account in accounts:
        if _ACCOUNT_RE.match(account):
            principals.append(arns.root_principal(context.partition, account))
        elif account.startswith("arn:"):
            principals.append(account)
        else:
            raise invalid_parameter("A provided account ID is not valid")
    policy = _policy_document(topic)
    if any(statement.get("Sid") == label for statement in policy["Statement"] if isinstance(statement, dict)):
        raise invalid_parameter("Statement already exists")
    policy["Statement"].append(
        {
            "Sid": label,
            "Effect": "Allow",
            "Principal": {"AWS": principals[0] if len(principals) == 1 else principals},
            "Action": f"SNS:{actions[0]}" if len(actions) == 1 else [f"SNS:{action}" for action in actions],
            "Resource": topic.arn,
        }
    )
    topic.attributes["Policy"] = json.dumps(policy, separators=(",", ":"))
    return {}


def remove_permission(context: Context, params: Mapping[str, Any]) -> dict[str, Any]:
    topic = resolve_topic(context, params.get("TopicArn"), action="RemovePermission")
    label = params.get("Label", "")
    policy = _policy_document(topic)
    kept = [statement for statement in policy["Statement"] if not (isinstance(statement, dict) and statement.get("Sid") == label)]
    if len(kept) != len(policy["Statement"]):
        policy["Statement"] = kept
        topic.attributes["Policy"] = json.dumps(policy, separators=(",", ":"))
    return {}


def _tagged_topic(context: Context, arn: Any, action: str) -> Topic:
    if not isinstance(arn, str) or len(arn) > 1011:
        raise invalid_parameter("ResourceArn")
    parts = arn_parts(arn, "ResourceArn")
    if parts[2] != "sns" or parts[3] != context.region:
        raise ResourceNotFound("Resource does not exist")
    authorize(context, arn, action)
    topic = context.backend.find_topic(arn)
    if topic is None:
        raise ResourceNotFound("Resource does not exist")
    return topic


def tag_resource(context: Context, params: Mapping[str, Any]) -> dict[str, Any]:
    topic = _tagged_topic(context, params.get("ResourceArn"), "TagResource")
    tags = check_tags(params.get("Tags") or [])
    merged = dict(topic.tags)
    merged.update(tags)
    if len(merged) > context.settings.limits["tags"]:
        raise TagLimitExceeded("Could not complete request: tag quota of per resource exceeded")
    topic.tags = merged
    return {}


def untag_resource(context: Context, params: Mapping[str, Any]) -> dict[str, Any]:
    topic = _tagged_topic(context, params.get("ResourceArn"), "UntagResource")
    for key in params.get("TagKeys") or []:
        topic.tags.pop(key, None)
    return {}


def list_tags_for_resource(context: Context, params: Mapping[str, Any]) -> dict[str, Any]:
    topic = _tagged_topic(context, params.get("ResourceArn"), "ListTagsForResource")
    return {"Tags": [{"Key": key, "Value": value} for key, value in topic.tags.items()]}


def put_data_protection_policy(context: Context, params: Mapping[str, Any]) -> dict[str, Any]:
    topic = resolve_topic(context, params.get("ResourceArn"), "ResourceArn", action="PutDataProtectionPolicy")
    policy = params.get("DataProtectionPolicy", "")
    topic.protection = check_data_protection_policy(policy)
    topic.data_protection_policy = policy
    return {}


def get_data_protection_policy(context: Context, params: Mapping[str, Any]) -> dict[str, Any]:
    topic = resolve_topic(context, params.get("ResourceArn"), "ResourceArn", action="GetDataProtectionPolicy")
    if topic.data_protection_policy is None:
        return {}
    return {"DataProtectionPolicy": topic.data_protection_policy}

