using Microsoft.Data.Sqlite;

namespace SlackChampionBot.Tests.Features.Pulse;

/// <summary>
/// Reads every column of every row of every table in a SQLite file, looking for user IDs: the check that, after a
/// pulse closes, nothing in the database links a person to an answer.
/// </summary>
internal static class PulseDatabaseScan
{
    /// <summary>
    /// Asserts that no table naming one of <paramref name="people"/> is a pulse table or has a column about answers,
    /// and that no row naming one of them also contains any of <paramref name="forbiddenInSameRow"/> (e.g. a comment's
    /// text, or "pulse_answer" in a stored payload). Returns the tables that do name people.
    /// </summary>
    public static async Task<IReadOnlyList<string>> AssertNoLinkBetweenPeopleAndAnswers(string databaseFile, IReadOnlyCollection<string> people, IReadOnlyCollection<string>? forbiddenInSameRow = null)
    {
        forbiddenInSameRow ??= [];
        await using var connection = new SqliteConnection($"Data Source={databaseFile};Mode=ReadOnly;Pooling=false");
        await connection.OpenAsync();
        var holdingUsers = new List<string>();
        foreach (var table in await Strings(connection, "SELECT name FROM sqlite_master WHERE type='table'"))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync();
            var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
            var found = false;
            while (await reader.ReadAsync())
            {
                var texts = Enumerable.Range(0, reader.FieldCount)
                    .Where(i => !reader.IsDBNull(i))
                    .Select(reader.GetValue)
                    .OfType<string>()
                    .ToList();
                var named = people.Where(p => texts.Any(t => t.Contains(p, StringComparison.Ordinal))).ToList();
                if (named.Count == 0)
                {
                    continue;
                }

                found = true;
                var leaked = forbiddenInSameRow.Where(f => texts.Any(t => t.Contains(f, StringComparison.OrdinalIgnoreCase))).ToList();
                Assert.True(leaked.Count == 0, $"A row of {table} names {string.Join(", ", named)} and contains {string.Join(", ", leaked)}");
            }

            if (found)
            {
                holdingUsers.Add(table);

                // A table naming people must say nothing about pulse answers.
                Assert.DoesNotContain(columns, c => c.Contains("answer", StringComparison.Ordinal) || c.Contains("enps", StringComparison.Ordinal)
                    || c.Contains("response", StringComparison.Ordinal) || c.Contains("survey", StringComparison.Ordinal) || c.Contains("comment", StringComparison.Ordinal));
            }
        }

        Assert.DoesNotContain(holdingUsers, t => t.StartsWith("pulse_", StringComparison.Ordinal));
        return holdingUsers;
    }

    /// <summary>
    /// The needles (as UTF-8, and raw bytes) that occur anywhere in the bytes of <paramref name="databaseFile"/> or its
    /// <c>-wal</c>: free pages, freed cell space and old WAL frames included, which no SQL query can see. Read while the
    /// bot runs (the WAL is only merged and removed when the last connection closes).
    /// </summary>
    public static IReadOnlyList<string> FoundInFileBytes(string databaseFile, IEnumerable<string> needles, IEnumerable<byte[]>? binaryNeedles = null)
    {
        var contents = new[] { databaseFile, databaseFile + "-wal" }.Where(File.Exists).Select(ReadShared).ToList();
        var found = needles.Where(n => contents.Any(c => c.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(n)) >= 0)).ToList();
        found.AddRange((binaryNeedles ?? []).Where(n => contents.Any(c => c.AsSpan().IndexOf(n) >= 0)).Select(n => "0x" + Convert.ToHexString(n)));
        return found;

        static byte[] ReadShared(string path)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            return buffer.ToArray();
        }
    }

    /// <summary>The tables with a text cell (any column of any row) that contains one of <paramref name="needles"/>.</summary>
    public static async Task<IReadOnlyList<string>> TablesContaining(string databaseFile, IReadOnlyCollection<string> needles)
    {
        await using var connection = new SqliteConnection($"Data Source={databaseFile};Mode=ReadOnly;Pooling=false");
        await connection.OpenAsync();
        var found = new List<string>();
        foreach (var table in await Strings(connection, "SELECT name FROM sqlite_master WHERE type='table'"))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var texts = Enumerable.Range(0, reader.FieldCount).Where(i => !reader.IsDBNull(i)).Select(reader.GetValue).OfType<string>();
                if (texts.Any(t => needles.Any(n => t.Contains(n, StringComparison.Ordinal))))
                {
                    found.Add(table);
                    break;
                }
            }
        }

        return found;
    }

    public static async Task<List<string>> Strings(string databaseFile, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={databaseFile};Mode=ReadOnly;Pooling=false");
        await connection.OpenAsync();
        return await Strings(connection, sql);
    }

    public static async Task<object?> Scalar(string databaseFile, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={databaseFile};Mode=ReadOnly;Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private static async Task<List<string>> Strings(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var result = new List<string>();
        while (await reader.ReadAsync())
        {
            result.Add(reader.GetString(0));
        }

        return result;
    }
}
