namespace Handoff.Cli.Progress;

/// <summary>How a long-running command shows its progress.</summary>
internal enum ProgressMode
{
    /// <summary>A live Spectre.Console display on stderr, for a person at a terminal.</summary>
    Live,

    /// <summary>A plain line every few seconds on stdout, for logs; the result line still comes last.</summary>
    Lines,

    /// <summary>Nothing: stdout is reserved for one JSON document and stderr for errors.</summary>
    Quiet,
}
