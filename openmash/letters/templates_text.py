"""The words of the hub's letter templates for the common moments.

Written for a frightened parent: short sentences, everyday words, what is happening,
why, what happens next, and who to call. Every template is tested to be under the
default target reading age and free of jargon (tests/test_templates.py).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Template:
    subject: str
    body: str
    difficult_news: bool


TEMPLATES: dict[str, Template] = {
    "concern_received": Template(
        subject="Someone has told us they are worried about {children}",
        body="""Dear {name},

I am writing to let you know that someone has told us they are worried about {children}.

I know a letter like this can be upsetting. Getting this letter does not mean we think you have done something wrong. Our job is to check that children are safe and well, and to help families when they need it.

We will look at what we were told. We may talk to you about it. We want to hear what you think.

If you have any questions, please call me. You can also ask someone you trust to call with you.

{worker}
{hub}
Phone: {phone}""",
        difficult_news=True,
    ),
    "asking_services": Template(
        subject="We are asking other services about {children}",
        body="""Dear {name},

We are looking into a worry about {children}. To understand what help you may need, we are asking other services what they know. This may be the school, your doctor or the police.

They will only tell us what helps us understand this worry. We keep what they tell us safe.

You can ask us what we have been told. You can tell us your side too. We will write it down next to what other services say.

If you have any questions, please call me.

{worker}
{hub}
Phone: {phone}""",
        difficult_news=True,
    ),
    "outcome": Template(
        subject="What we have decided about {children}",
        body="""Dear {name},

Thank you for your help while we looked into the worry about {children}.

We have now decided what to do. {outcome}

If you do not agree, please tell me. You can also ask for someone else to look at what we decided.

{worker}
{hub}
Phone: {phone}""",
        difficult_news=False,
    ),
    "worker_changed": Template(
        subject="You have a new worker",
        body="""Dear {name},

I am writing to tell you that {old_worker} is no longer your worker. Your new worker is {new_worker}.

{new_worker} has read about your family, so you do not need to tell your story again. They will call you soon to say hello.

If you need to talk to someone before then, please call us.

{worker}
{hub}
Phone: {phone}""",
        difficult_news=False,
    ),
    "what_next": Template(
        subject="What happens next",
        body="""Dear {name},

I want to tell you what happens next for {children}.

{next_steps}

We will keep you up to date. If something changes for you, or you are worried, please call me.

If you need help out of office hours, call our out of hours team on {out_of_hours}.

{worker}
{hub}
Phone: {phone}""",
        difficult_news=False,
    ),
}
