namespace Handoff.Contracts.Facilities;

public enum Mailbox
{
    Inbox = 1,
    Outbox = 2,
}
