namespace Wems.Gis.Features.Cql2;

/// <summary>
/// A CQL2 filter that cannot be parsed or translated. The message is written for the person who typed the filter
/// (e.g. in QGIS): it says where (column, or line and column, in cql2-text; a JSON path such as
/// <c>$.args[1]</c> in cql2-json) and what was expected. The web layer answers it with 400 and the OGC exception
/// code <c>InvalidParameterValue</c>.
/// </summary>
public sealed class Cql2Exception : Exception
{
    /// <summary>Creates an exception without a message or location.</summary>
    public Cql2Exception()
    {
    }

    /// <summary>Creates an exception about the filter as a whole (e.g. an unknown property).</summary>
    /// <param name="message">What is wrong, as a sentence.</param>
    public Cql2Exception(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception about the filter as a whole, with its cause.</summary>
    /// <param name="message">What is wrong, as a sentence.</param>
    /// <param name="innerException">The cause.</param>
    public Cql2Exception(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    private Cql2Exception(string message, int? position, string? jsonPath, Exception? innerException)
        : base(message, innerException)
    {
        Position = position;
        JsonPath = jsonPath;
    }

    /// <summary>0-based character offset into the cql2-text filter where the problem is, else null.</summary>
    public int? Position { get; }

    /// <summary>JSON path (<c>$.args[0].args[1]</c>) of the cql2-json member where the problem is, else null.</summary>
    public string? JsonPath { get; }

    /// <summary>An error at <paramref name="position"/> of a cql2-text filter; the message names the column (and the line when the filter has several).</summary>
    internal static Cql2Exception InText(string text, int position, string problem, Exception? innerException = null)
    {
        position = Math.Clamp(position, 0, text.Length);
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < position; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        var column = position - lineStart + 1;
        var where = text.Contains('\n', StringComparison.Ordinal) ? $"line {line}, column {column}" : $"column {column}";
        return new Cql2Exception($"cql2-text, {where}: {problem}.", position, null, innerException);
    }

    /// <summary>An error at <paramref name="path"/> of a cql2-json filter.</summary>
    internal static Cql2Exception InJson(string path, string problem, Exception? innerException = null) =>
        new($"cql2-json, at {path}: {problem}.", null, path, innerException);
}
