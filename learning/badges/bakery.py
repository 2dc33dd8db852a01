"""Baked badges: the badge's PNG with its Open Badges assertion inside.

The Open Badges 2.0 baking specification: a PNG carries one `iTXt` chunk with the keyword
`openbadges`, uncompressed (compression flag 0, method 0, no language tag, no translated
keyword), whose text is the assertion's JSON; it comes before the image data, and an
earlier `openbadges` chunk is replaced. A baked file works offline, and a verifier follows
the assertion's `id` to the hosted copy.

Written with the standard library: a PNG is a signature and a list of chunks (length,
type, data, CRC-32 of type and data), so inserting one is a few lines. The
`openbadges-bakery` package does the same but imports modules it does not declare (`six`,
`rfc3986`); the tests check our chunk with its reader too when the validator's
environment is present.
"""

import json
import struct
import zlib
from pathlib import Path

from flask import Response, abort, current_app
from flask_login import current_user

from learning.badges import blueprint
from learning.badges.models import STATIC_FOLDER, Badge
from learning.badges.openbadges import assertion_document, award_with_email
from learning.security import person_required

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
KEYWORD = b"openbadges"
# After the keyword's NUL: compression flag, compression method, language tag's NUL,
# translated keyword's NUL.
ITXT_HEADER = KEYWORD + b"\x00" + b"\x00\x00" + b"\x00" + b"\x00"


class NotAPng(ValueError):
    """The bytes are not a well-formed PNG."""


def chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    """The PNG's chunks as (type, data), checking each CRC."""
    if not png.startswith(PNG_SIGNATURE):
        raise NotAPng("no PNG signature")
    found, position = [], len(PNG_SIGNATURE)
    while position < len(png):
        if position + 8 > len(png):
            raise NotAPng("truncated chunk header")
        (length,) = struct.unpack(">I", png[position : position + 4])
        kind = png[position + 4 : position + 8]
        data = png[position + 8 : position + 8 + length]
        crc = png[position + 8 + length : position + 12 + length]
        if len(data) != length or len(crc) != 4:
            raise NotAPng("truncated chunk")
        if struct.unpack(">I", crc)[0] != zlib.crc32(kind + data):
            raise NotAPng(f"bad CRC in a {kind!r} chunk")
        found.append((kind, data))
        position += 12 + length
        if kind == b"IEND":
            break
    if not found or found[0][0] != b"IHDR" or found[-1][0] != b"IEND":
        raise NotAPng("IHDR must come first and IEND last")
    return found


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _is_badge_chunk(kind: bytes, data: bytes) -> bool:
    return kind in (b"iTXt", b"tEXt", b"zTXt") and data.startswith(KEYWORD + b"\x00")


def bake(png: bytes, assertion: dict) -> bytes:
    """The PNG with the assertion's JSON in an `openbadges` iTXt chunk right after IHDR,
    any earlier one removed."""
    text = json.dumps(assertion, ensure_ascii=False, separators=(",", ":")).encode()
    parts = [kind_data for kind_data in chunks(png) if not _is_badge_chunk(*kind_data)]
    baked = [parts[0], (b"iTXt", ITXT_HEADER + text), *parts[1:]]
    return PNG_SIGNATURE + b"".join(_chunk(kind, data) for kind, data in baked)


def unbake(png: bytes) -> dict | None:
    """The assertion baked into a PNG, or None when it carries none."""
    for kind, data in chunks(png):
        if kind == b"iTXt" and data.startswith(KEYWORD + b"\x00"):
            keyword_end = len(KEYWORD)
            compressed = data[keyword_end + 1]
            language_end = data.index(b"\x00", keyword_end + 3)
            translated_end = data.index(b"\x00", language_end + 1)
            text = data[translated_end + 1 :]
            if compressed:
                text = zlib.decompress(text)
            return json.loads(text.decode())
    return None


def image_path(badge: Badge) -> Path:
    return Path(current_app.static_folder) / STATIC_FOLDER / badge.image


@blueprint.get("/awards/<int:award_id>/baked.png")
@person_required
def baked(award_id: int):
    """The recipient's badge to download, keep and show elsewhere; HR and admins may fetch
    it too. A revoked award has nothing to bake."""
    found = award_with_email(award_id)
    if found is None:
        abort(404)
    award, email = found
    if award.user_id != current_user.id and not current_user.has_role("hr", "admin"):
        abort(404)  # someone else's award is as good as absent
    if award.revoked_at is not None:
        abort(410)
    path = image_path(award.badge)
    if not path.is_file():
        abort(404)
    png = bake(path.read_bytes(), assertion_document(award, email))
    name = f"{award.badge.slug}-{award.id}.png"
    return Response(
        png,
        mimetype="image/png",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "private, no-store",
        },
    )
