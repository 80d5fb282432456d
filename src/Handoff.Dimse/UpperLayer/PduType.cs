namespace Handoff.Dimse.UpperLayer;

/// <summary>The protocol data units of the DICOM upper layer (PS3.8 9.3), by their type byte.</summary>
public enum PduType : byte
{
    AssociateRequest = 0x01,
    AssociateAccept = 0x02,
    AssociateReject = 0x03,
    Data = 0x04,
    ReleaseRequest = 0x05,
    ReleaseResponse = 0x06,
    Abort = 0x07,
}
