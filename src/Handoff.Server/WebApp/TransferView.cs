using System.Globalization;
using Handoff.Protos.V1;

namespace Handoff.Server.WebApp;

/// <summary>How the pages show a transfer: words for states and priorities, the patient line, ages, progress.</summary>
public static class TransferView
{
    public static string StateName(TransferState state) => state switch
    {
        TransferState.Created => "Created",
        TransferState.Receiving => "Receiving",
        TransferState.Available => "Available",
        TransferState.Delivered => "Delivered",
        TransferState.Acknowledged => "Acknowledged",
        TransferState.Cancelled => "Cancelled",
        TransferState.Expired => "Expired",
        TransferState.Failed => "Failed",
        _ => "Unknown",
    };

    public static string PriorityName(Priority priority) => priority switch
    {
        Priority.Stat => "STAT",
        Priority.Urgent => "Urgent",
        _ => "Routine",
    };

    public static string EventName(TransferEventType type) =>
        type.ToString() switch
        {
            var name when name.Length > 0 => string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : c.ToString())),
            _ => "Event",
        };

    /// <summary>The first study's summary: the patient and the study as the list shows them.</summary>
    public static StudySummary? Summary(Transfer transfer) =>
        transfer.Studies.Select(s => s.Summary).FirstOrDefault(s => s is not null);

    /// <summary>"DOE, JANE" from the DICOM person name "Doe^Jane" (components, not the raw carets).</summary>
    public static string PatientName(string dicomName)
    {
        if (string.IsNullOrWhiteSpace(dicomName))
            return "(no name)";
        var alphabetic = dicomName.Split('=')[0].Trim('\0', ' ');
        var parts = alphabetic.Split('^').Select(p => p.Trim()).Where(p => p.Length > 0).ToArray();
        return parts.Length switch
        {
            0 => "(no name)",
            1 => parts[0],
            _ => $"{parts[0]}, {string.Join(' ', parts[1..])}",
        };
    }

    /// <summary>The patient's age at the study ("47y", "8m", "12d"), or "" when a date is missing.</summary>
    public static string Age(string birthDate, string studyDate)
    {
        if (!TryDate(birthDate, out var born))
            return "";
        var at = TryDate(studyDate, out var studied) ? studied : DateOnly.FromDateTime(DateTime.UtcNow);
        var years = at.Year - born.Year - (at < born.AddYears(at.Year - born.Year) ? 1 : 0);
        if (years >= 2)
            return years.ToString(CultureInfo.InvariantCulture) + "y";
        var months = (at.Year - born.Year) * 12 + at.Month - born.Month - (at.Day < born.Day ? 1 : 0);
        return months >= 1 ? months.ToString(CultureInfo.InvariantCulture) + "m" : (at.DayNumber - born.DayNumber).ToString(CultureInfo.InvariantCulture) + "d";
    }

    public static string Time(Google.Protobuf.WellKnownTypes.Timestamp? time) =>
        time is null ? "" : time.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>"CT 3 AXIAL BRAIN"; a series only declared so far (nothing of it arrived) has no header to name it yet.</summary>
    public static string SeriesLabel(SeriesProgress series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var label = $"{series.Modality} {(series.SeriesNumber > 0 ? series.SeriesNumber.ToString(CultureInfo.InvariantCulture) : "")} {series.Description}".Trim();
        return label.Length > 0 ? label : "series not arrived yet";
    }

    /// <summary>A series' arrived share in steps of 5 (the bar classes); full when the sender did not say how many to expect and some arrived.</summary>
    public static int SeriesPercent(SeriesProgress series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var percent = series.InstancesDeclared > 0 ? Percent(series.InstancesAvailable, series.InstancesDeclared) : series.InstancesAvailable > 0 ? 100 : 0;
        return percent / 5 * 5;
    }

    public static int Percent(int part, int whole) => whole <= 0 ? 0 : (int)Math.Clamp(100L * part / whole, 0, 100);

    public static (int Available, int Declared) Totals(Transfer transfer) =>
        (transfer.Studies.Sum(s => s.InstancesAvailable), transfer.Studies.Sum(s => s.InstancesDeclared));

    /// <summary>A transfer still moving: the page keeps it live.</summary>
    public static bool IsUnderWay(TransferState state) =>
        state is TransferState.Created or TransferState.Receiving or TransferState.Available or TransferState.Delivered;

    private static bool TryDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim('\0', ' '), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
