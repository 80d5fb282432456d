using Handoff.Cli.Output;
using Handoff.Protos.V1;

namespace Handoff.Cli.Commands.Transfers;

/// <summary>One watched event on stdout, flushed at once so a pipe (`| grep available`) sees it live.</summary>
internal static class EventOutput
{
    public static void Write(TransferEvent transferEvent, bool json, bool includeTransfer)
    {
        if (json)
            JsonOutput.Write(writer => TransferJson.WriteEvent(writer, transferEvent), indented: false);
        else
            Console.Out.WriteLine(TransferText.EventLine(transferEvent, includeTransfer));
        Console.Out.Flush();
    }
}
