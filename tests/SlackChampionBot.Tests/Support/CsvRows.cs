using System.Text;
using CsvHelper;

namespace SlackChampionBot.Tests.Support;

/// <summary>A CSV export read back as a spreadsheet would: every row, every cell as text (the header is row 0).</summary>
internal static class CsvRows
{
    public static List<string[]> Read(byte[] content)
    {
        using var reader = CsvReader.FromText(Encoding.UTF8.GetString(content), new CsvReaderOptions { HasHeader = false });
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetString)]);
        }

        return rows;
    }
}
