"""The moderators' side: the queue they work through and the actions they take.

Staff sessions authenticate the moderator (casecrowd.staff.auth); everything
read or written here is in the forum database and keyed on pseudonyms,
content ids and mod-log sequence numbers. A moderator appears only as the
handle ``mod-<staff account id>``.
"""
