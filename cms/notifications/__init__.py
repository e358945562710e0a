"""Notifications: who hears about what, by e-mail and in the admin's inbox.

- submitted for review → the editors;
- changes requested, published, a scheduled entry gone live → the entry's
  authors and translators (its byline and whoever created it);
- a comment → the entry's participants (the same, plus whoever commented
  on it or took a workflow action on it).

The request that causes an event only queues a task, after its transaction
commits (``queue.py``); the task (``tasks.py``, run by ``deliver_webhooks``,
the project's worker) finds the recipients (``recipients.py``), writes the
inbox rows and sends the e-mails (``delivery.py``). A queue or mail failure
never blocks or undoes a save. The actor never notifies themselves.
"""
