"""Publishing to an S3-compatible bucket (``s3://BUCKET[/PREFIX]``) through boto3.

boto3 finds the endpoint (``AWS_ENDPOINT_URL``), region and credentials the
usual way (environment, ``~/.aws``, an instance role), so any S3-compatible
storage works without settings of ours.

Which files changed is decided from one listing of the prefix, without a
request per file: an object uploaded in one part, as this module always
uploads, has the MD5 of its bytes as its ETag, and the listing carries every
ETag and size. Only where the ETag is something else (an object uploaded in
parts by another tool, or encrypted with a customer key, where the ETag is
not the MD5) is the object's own ``sha256`` metadata, which every upload
here sets, read with one HEAD request before deciding. Comparing SHA-256
metadata alone would need that HEAD for every file of the site on every
publish.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from cms.exceptions import PublishError
from cms.media import s3_media_location
from cms.publish.files import LocalFile
from cms.publish.plan import Plan, Progress, run_steps


@dataclass(frozen=True)
class RemoteObject:
    etag: str
    size: int


def client():
    import boto3

    return boto3.client("s3")


def describe_error(error: Exception, where: str) -> str:
    from botocore.exceptions import ClientError, NoCredentialsError

    if isinstance(error, NoCredentialsError):
        return f"No credentials for {where}: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY."
    if isinstance(error, ClientError):
        code = error.response.get("Error", {}).get("Code", "")
        if code == "NoSuchBucket":
            return f"{where}: the bucket does not exist; create it first."
        if code in {"AccessDenied", "403", "InvalidAccessKeyId", "SignatureDoesNotMatch"}:
            return f"{where}: access denied ({code}); check the credentials and the bucket policy."
        return f"{where}: {code or error}."
    return f"{where} could not be reached ({error}); check AWS_ENDPOINT_URL and the network."


class S3Target:
    """A bucket and a key prefix: the site's ``a/index.html`` is the key ``PREFIX/a/index.html``."""

    def __init__(self, bucket: str, prefix: str = "", *, s3=None) -> None:
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self._s3 = s3

    @classmethod
    def parse(cls, spec: str) -> "S3Target":
        parts = urlsplit(spec)
        if parts.scheme != "s3" or not parts.netloc or parts.query or parts.fragment:
            raise PublishError(
                f"{spec!r} is not an S3 target; write s3://BUCKET or s3://BUCKET/PREFIX."
            )
        return cls(parts.netloc, parts.path)

    def __str__(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}"

    @property
    def s3(self):
        if self._s3 is None:
            self._s3 = client()
        return self._s3

    def extra_files(self) -> list[LocalFile]:
        return []

    def close(self) -> None:
        pass

    def check(self, source=None) -> None:
        """Refuse a prefix that would delete the uploaded media along with old pages."""
        media = s3_media_location()
        if media is None or media[0] != self.bucket:
            return
        location = media[1].strip("/") + "/" if media[1].strip("/") else ""
        if location.startswith(self.prefix) or self.prefix.startswith(location):
            raise PublishError(
                f"{self} would overlap the uploaded media (s3://{self.bucket}/{location}), and "
                "publishing deletes what the site does not list; publish under a prefix of its "
                f"own, such as s3://{self.bucket}/site/."
            )

    def remote_files(self) -> dict[str, RemoteObject]:
        from botocore.exceptions import BotoCoreError, ClientError

        found = {}
        try:
            pages = self.s3.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=self.prefix
            )
            for page in pages:
                for item in page.get("Contents", ()):
                    path = item["Key"][len(self.prefix) :]
                    found[path] = RemoteObject(item["ETag"].strip('"'), item["Size"])
        except (BotoCoreError, ClientError) as error:
            raise PublishError(describe_error(error, str(self))) from error
        return found

    def is_same(self, local: LocalFile, remote: RemoteObject) -> bool:
        if local.size != remote.size:
            return False
        if remote.etag == local.md5:
            return True
        head = self.s3.head_object(Bucket=self.bucket, Key=self.prefix + local.path)
        return head.get("Metadata", {}).get("sha256") == local.sha256

    def apply(self, plan: Plan, progress: Progress | None = None) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            run_steps(plan, self.put, self.delete, progress=progress)
        except (BotoCoreError, ClientError) as error:
            raise PublishError(describe_error(error, str(self))) from error

    def put(self, file: LocalFile) -> None:
        self.s3.put_object(
            Bucket=self.bucket,
            Key=self.prefix + file.path,
            Body=file.read(),
            ContentType=file.content_type,
            CacheControl=file.cache_control,
            Metadata={"sha256": file.sha256},
        )

    def delete(self, paths: list[str]) -> None:
        answer = self.s3.delete_objects(
            Bucket=self.bucket,
            Delete={"Objects": [{"Key": self.prefix + path} for path in paths], "Quiet": True},
        )
        errors = answer.get("Errors") or []
        if errors:
            first = errors[0]
            raise PublishError(
                f"{self}: {len(errors)} objects could not be deleted, such as "
                f"{first.get('Key')} ({first.get('Code')}: {first.get('Message')})."
            )
