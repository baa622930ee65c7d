"""The 42 SNS operations: one handler each, grouped by domain.

``OPERATIONS`` maps each botocore operation name to its handler, a function
``(context, params) -> response body`` that raises :class:`~snsfake.errors.SnsError`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..context import Context
from . import topics

Handler = Callable[[Context, Mapping[str, Any]], dict[str, Any]]

__all__ = ["OPERATIONS", "Handler"]

OPERATIONS: dict[str, Handler] = {
    # topics (12)
    "CreateTopic": topics.create_topic,
    "DeleteTopic": topics.delete_topic,
    "GetTopicAttributes": topics.get_topic_attributes,
    "SetTopicAttributes": topics.set_topic_attributes,
    "ListTopics": topics.list_topics,
    "AddPermission": topics.add_permission,
    "RemovePermission": topics.remove_permission,
    "TagResource": topics.tag_resource,
    "UntagResource": topics.untag_resource,
    "ListTagsForResource": topics.list_tags_for_resource,
    "PutDataProtectionPolicy": topics.put_data_protection_policy,
    "GetDataProtectionPolicy": topics.get_data_protection_policy,
}
