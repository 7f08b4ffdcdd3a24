"""Chat members: who is an administrator where, and the methods that answer with ChatMembers.

The bot asks ``getChatMember`` before it lets someone start a group session; tests decide the
answer through ``FakeTelegram.admins``.
"""

from __future__ import annotations

from tests.fakes.calls import JSONDict
from tests.fakes.failures import Rejection
from tests.fakes.objects import BOT_ID, bot_user, chat, chat_id_of, user

#: ``(chat_id, user_id)`` pairs whose ``getChatMember`` status is "administrator".
Admins = set[tuple[int, int]]


def chat_member(status: str, member: JSONDict) -> JSONDict:
    """A ChatMember of ``status`` with every field PTB 22 requires for that status."""
    answer: JSONDict = {"status": status, "user": member}
    if status == "creator":
        answer["is_anonymous"] = False
    elif status == "administrator":
        answer.update(
            can_be_edited=False,
            is_anonymous=False,
            can_manage_chat=True,
            can_delete_messages=True,
            can_manage_video_chats=True,
            can_restrict_members=True,
            can_promote_members=False,
            can_change_info=True,
            can_invite_users=True,
            can_post_stories=False,
            can_edit_stories=False,
            can_delete_stories=False,
            can_pin_messages=True,
        )
    elif status == "restricted":
        answer.update(
            is_member=True,
            can_change_info=False,
            can_invite_users=False,
            can_pin_messages=False,
            can_send_messages=False,
            can_send_polls=False,
            can_send_other_messages=False,
            can_add_web_page_previews=False,
            can_manage_topics=False,
            until_date=0,
            can_send_audios=False,
            can_send_documents=False,
            can_send_photos=False,
            can_send_videos=False,
            can_send_video_notes=False,
            can_send_voice_notes=False,
            can_edit_tag=False,
            can_react_to_messages=False,
        )
    elif status == "kicked":
        answer["until_date"] = 0
    return answer


def _member(chat_id: int | str, user_id: int, admins: Admins) -> JSONDict:
    member = bot_user() if user_id == BOT_ID else user(user_id, None)
    status = "administrator" if (chat_id, user_id) in admins else "member"
    return chat_member(status, member)


def get_chat_member(params: JSONDict, admins: Admins) -> JSONDict:
    """``getChatMember``: an administrator if listed in ``admins``, else a plain member."""
    user_id = params.get("user_id")
    if not isinstance(user_id, int):
        raise Rejection(400, "Bad Request: user not found")
    return _member(chat_id_of(params), user_id, admins)


def get_chat_administrators(params: JSONDict, admins: Admins) -> list[JSONDict]:
    """``getChatAdministrators``: the chat's entries of ``admins``."""
    chat_id = chat_id_of(params)
    return [_member(where, admin, admins) for where, admin in sorted(admins) if where == chat_id]


def get_chat(params: JSONDict) -> JSONDict:
    """``getChat``: the full chat."""
    return {
        **chat(chat_id_of(params)),
        "accent_color_id": 0,
        "max_reaction_count": 11,
        "accepted_gift_types": {
            "unlimited_gifts": False,
            "limited_gifts": False,
            "unique_gifts": False,
            "premium_subscription": False,
            "gifts_from_channels": False,
        },
    }
