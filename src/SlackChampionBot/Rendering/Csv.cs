using CsvHelper;

namespace SlackChampionBot.Rendering;

/// <summary>
/// The one CSV configuration of every export the bot sends (the pulse results now; the star-ledger export is to reuse
/// it): RFC 4180, CRLF, UTF-8 without a byte order mark, numbers in the invariant culture, and <b>CSV injection
/// neutralised</b>: a text cell that starts with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or CR, which a spreadsheet
/// would run as a formula (<c>=HYPERLINK(…)</c> in a pulse comment or a win text), gets a leading <c>'</c> and is quoted,
/// so it opens as text. Write numbers as numbers (the generic <c>WriteField</c>), not as text, so that <c>-0.25</c>
/// stays a number.
/// </summary>
internal static class Csv
{
    /// <summary>A fresh copy of the options (callers may not change the shared rules, only read them).</summary>
    public static CsvWriterOptions Options() => new()
    {
        Injection = CsvInjection.Escape,
        FormatProvider = System.Globalization.CultureInfo.InvariantCulture,
    };

    /// <summary>Writes a whole document with <paramref name="write"/> and returns its UTF-8 bytes.</summary>
    public static byte[] Write(Action<CsvWriter> write)
    {
        using var stream = new MemoryStream();
        using (var csv = CsvWriter.Create(stream, Options(), leaveOpen: true))
        {
            write(csv);
        }

        return stream.ToArray();
    }
}
