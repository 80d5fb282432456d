namespace Handoff.Dimse.Messages;

/// <summary>The DIMSE operation of a command set (PS3.7 E.1): requests, and their responses with bit 15 set.</summary>
public enum CommandField : ushort
{
    CStoreRequest = 0x0001,
    CStoreResponse = 0x8001,
    CGetRequest = 0x0010,
    CGetResponse = 0x8010,
    CFindRequest = 0x0020,
    CFindResponse = 0x8020,
    CMoveRequest = 0x0021,
    CMoveResponse = 0x8021,
    CEchoRequest = 0x0030,
    CEchoResponse = 0x8030,
    NEventReportRequest = 0x0100,
    NEventReportResponse = 0x8100,
    NActionRequest = 0x0130,
    NActionResponse = 0x8130,
    CCancelRequest = 0x0FFF,
}
