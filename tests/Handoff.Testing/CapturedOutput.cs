using System.Text;

namespace Handoff.Testing;

/// <summary>
/// The lines a child process writes, collected as they arrive: a test can read them while the process runs, and
/// after it was killed, which a read-to-end of the pipe cannot give. Thread-safe (both streams append concurrently).
/// </summary>
public sealed class CapturedOutput
{
    private readonly StringBuilder _text = new();

    public string Text
    {
        get
        {
            lock (_text)
                return _text.ToString();
        }
    }

    public void Append(string? line)
    {
        if (line is null)
            return;
        lock (_text)
            _text.AppendLine(line);
    }

    public override string ToString() => Text;
}
