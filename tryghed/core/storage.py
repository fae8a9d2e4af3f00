from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Production static files: hashed names, compressed. Source-map comments are left as they
    are, so a package that ships its .min.js without the .map cannot break collectstatic."""

    patterns = tuple(
        (extension, tuple(p for p in rules if "sourceMappingURL" not in str(p)))
        for extension, rules in CompressedManifestStaticFilesStorage.patterns
    )


def s3_storage(env):
    """STORAGES["default"] for uploads in an S3-compatible bucket, read from the environment,
    or None without STORAGE_S3_BUCKET (then uploads stay on local disk under MEDIA_ROOT).

    The bucket's objects are private and never overwritten; a file leaves Tryghed only through
    the access-checked views, which stream it (its `.url` would be a signed address valid for
    one minute, but nothing hands one out). Credentials: STORAGE_S3_ACCESS_KEY and
    STORAGE_S3_SECRET_KEY, else boto3's own (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, a role).
    """
    bucket = env.str("STORAGE_S3_BUCKET", "")
    if not bucket:
        return None
    options = {
        "bucket_name": bucket,
        "endpoint_url": env.str("STORAGE_S3_ENDPOINT_URL", "") or None,
        "region_name": env.str("STORAGE_S3_REGION", "") or None,
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": 60,
        "file_overwrite": False,
        # A download is buffered in a temporary file while it is sent; past 2 MB on disk.
        "max_memory_size": 2 * 1024 * 1024,
    }
    access_key = env.str("STORAGE_S3_ACCESS_KEY", "")
    if access_key:
        options["access_key"] = access_key
        options["secret_key"] = env.str("STORAGE_S3_SECRET_KEY")
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
