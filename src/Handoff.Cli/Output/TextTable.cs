namespace Handoff.Cli.Output;

/// <summary>
/// Plain aligned columns: readable in a terminal, in a log and through `grep`/`cut`, without the box drawing that
/// turns to mojibake when piped. Column widths follow the widest cell.
/// </summary>
internal sealed class TextTable
{
    private readonly string[] _headers;
    private readonly List<string[]> _rows = [];

    public TextTable(params string[] headers)
    {
        _headers = headers;
    }

    public int Count => _rows.Count;

    public void Add(params string[] cells)
    {
        if (cells.Length != _headers.Length)
            throw new ArgumentException($"a row needs {_headers.Length} cells, not {cells.Length}", nameof(cells));
        _rows.Add(cells);
    }

    public void Write(TextWriter output)
    {
        var widths = new int[_headers.Length];
        Measure(widths, _headers);
        foreach (var row in _rows)
            Measure(widths, row);
        WriteRow(output, widths, _headers);
        foreach (var row in _rows)
            WriteRow(output, widths, row);
    }

    private static void Measure(int[] widths, string[] cells)
    {
        for (var i = 0; i < cells.Length; i++)
            widths[i] = Math.Max(widths[i], cells[i].Length);
    }

    private static void WriteRow(TextWriter output, int[] widths, string[] cells)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            var last = i == cells.Length - 1;
            output.Write(last ? cells[i] : cells[i].PadRight(widths[i] + 2));
        }
        output.WriteLine();
    }
}
