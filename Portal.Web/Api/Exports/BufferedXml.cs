using System.Text;
using System.Xml;

namespace Portal.Web.Api.Exports;

/// <summary>
/// An XML writer that writes synchronously into a small buffer, handed to the response asynchronously whenever it
/// fills: the writer's own async methods cost a task per call, which on a file of millions of elements is most of
/// the time, and the response may not be written synchronously. Memory stays at the buffer's size.
/// </summary>
public sealed class BufferedXml : IAsyncDisposable
{
    private const int Threshold = 64 * 1024;

    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = true,
        IndentChars = " ",
        CloseOutput = false,
    };

    private readonly MemoryStream _buffer = new(Threshold * 2);
    private readonly Stream _output;

    public BufferedXml(Stream output)
    {
        _output = output;
        Writer = XmlWriter.Create(_buffer, Settings);
    }

    public XmlWriter Writer { get; }

    /// <summary>Hands what has been written to the response once it is worth a write (or always, at the end).</summary>
    public async ValueTask DrainAsync(CancellationToken cancellationToken, bool force = false)
    {
        Writer.Flush();
        if (_buffer.Length >= Threshold || force && _buffer.Length > 0)
        {
            await _output.WriteAsync(_buffer.GetBuffer().AsMemory(0, (int)_buffer.Length), cancellationToken);
            _buffer.SetLength(0);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Writer.Dispose();
        await _buffer.DisposeAsync();
    }
}
