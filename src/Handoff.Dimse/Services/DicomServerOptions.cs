using Handoff.Dimse.Association;
using Handoff.Dimse.UpperLayer;

namespace Handoff.Dimse.Services;

/// <summary>Limits of a DICOM listener.</summary>
public sealed record DicomServerOptions
{
    /// <summary>Associations served at once; one more is rejected as transient congestion (it may try again).</summary>
    public int MaxAssociations { get; init; } = 32;

    public PduLimits Limits { get; init; } = new();

    public AssociationTimeouts Timeouts { get; init; } = new();
}
