"""The domain: publishing, fan-out, the subscription lifecycle, SMS and mobile push.

Operations call these after checking a request; the fake's helpers call them for what AWS
has no API for. They work on the model through the protocols below them.
"""
