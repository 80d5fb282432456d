using Handoff.Dimse.Messages;

namespace Handoff.Dimse.Association;

/// <summary>A command received on a presentation context; its data set, if any, is read next.</summary>
/// <param name="ContextId">The presentation context it came on.</param>
/// <param name="Command">The command set.</param>
public readonly record struct IncomingCommand(byte ContextId, CommandSet Command);
