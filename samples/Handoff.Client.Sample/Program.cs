// Sends a folder of DICOM files to another facility and receives it there, verified and acknowledged, with the
// Handoff.Client library. The folder is laid out as DIR/<StudyInstanceUID>/<SeriesInstanceUID>/<SOPInstanceUID>.dcm
// (as a receive writes it); for other folders, list the files with their UIDs as InstanceFile records.
//
//   dotnet run -- SERVER SENDER_KEY DESTINATION_FACILITY FOLDER RECEIVER_KEY OUTPUT_FOLDER
using Handoff.Client;
using Handoff.Protos.V1;

if (args.Length != 6)
{
    Console.Error.WriteLine("usage: Handoff.Client.Sample SERVER SENDER_KEY DESTINATION_FACILITY FOLDER RECEIVER_KEY OUTPUT_FOLDER");
    return 2;
}
var (server, senderKey, destination, folder, receiverKey, output) = (new Uri(args[0]), args[1], args[2], args[3], args[4], args[5]);
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
try
{
    // The sending facility: declare, upload only what the server lacks, over parallel streams. Running it again resumes.
    using var sender = new HandoffClient(HandoffClientOptions.For(server, senderKey));
    var sent = await sender.SendAsync(
        FolderInstanceSource.FromReceivedLayout(folder),
        new SendOptions { DestinationFacilityId = destination, Priority = Priority.Urgent, Reason = "sample" },
        cancel.Token);
    Console.WriteLine($"sent {sent.Instances} instances ({sent.BytesSent} bytes uploaded) as transfer {sent.TransferId}");

    // The destination facility: download, verify every chunk, write the files, acknowledge with content hashes.
    using var receiver = new HandoffClient(HandoffClientOptions.For(server, receiverKey));
    var received = await receiver.ReceiveAsync(sent.TransferId, new FolderInstanceSink(output), cancellationToken: cancel.Token);
    Console.WriteLine($"received {received.Instances} instances into {output}; transfer is {TransferStates.Name(received.State)}");
    return 0;
}
catch (HandoffException e)
{
    Console.Error.WriteLine($"failed: {e.Message}");
    return 1;
}
