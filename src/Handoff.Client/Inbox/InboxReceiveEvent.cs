using Handoff.Protos.V1;

namespace Handoff.Client;

/// <summary>What happened, in <see cref="HandoffClient.ReceiveInboxAsync"/>.</summary>
public enum InboxReceiveStep
{
    /// <summary>A transfer's receive started.</summary>
    Started,

    /// <summary>A transfer was received (and acknowledged, unless acknowledgement is off): see <see cref="InboxReceiveEvent.Result"/>.</summary>
    Received,

    /// <summary>A transfer's receive failed and will be tried again after <see cref="InboxReceiveEvent.RetryIn"/>.</summary>
    Retrying,

    /// <summary>A transfer's receive failed for good (it ended, was refused, or its files conflict): a person must look.</summary>
    Abandoned,

    /// <summary>No server could be reached: the inbox is listed again after <see cref="InboxReceiveEvent.RetryIn"/>.</summary>
    ServerUnreachable,
}

/// <summary>One step of an inbox receive.</summary>
/// <param name="Step">What happened.</param>
/// <param name="Transfer">The transfer, as listed when it was picked up; null for <see cref="InboxReceiveStep.ServerUnreachable"/>.</param>
/// <param name="Result">The outcome of a receive that finished.</param>
/// <param name="Error">Why a receive failed, or why the server could not be reached.</param>
/// <param name="RetryIn">How long until the next attempt.</param>
public sealed record InboxReceiveEvent(
    InboxReceiveStep Step,
    Transfer? Transfer,
    ReceiveResult? Result = null,
    Exception? Error = null,
    TimeSpan? RetryIn = null);
