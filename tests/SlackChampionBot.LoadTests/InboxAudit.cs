using System.Data.Common;

namespace SlackChampionBot.LoadTests;

/// <summary>
/// Checks the bot's inbox while a sustained run goes on, read-only beside the bot's writers (on SQLite, WAL lets a
/// reader in; on PostgreSQL the inbox is shared by every instance, so one audit covers them all).
/// Events are numbered 0, 1, 2, … with zero-padded ids, so id order is number order and each check is an index range
/// count: every event acknowledged so far must be stored (none lost), and no more rows than events sent (none
/// doubled: a redelivery must not add a row). Each check covers only what was acknowledged since the last one.
/// </summary>
internal sealed class InboxAudit : IDisposable
{
    private readonly DbConnection _connection;
    private readonly string _range;
    private readonly Func<long, string> _eventId;
    private readonly string _prefix;
    private readonly Lock _lock = new();
    private byte[] _acknowledged = new byte[1 << 20];
    private long _watermark;
    private long _started;

    public InboxAudit(HarnessDatabase database, string prefix, Func<long, string> eventId)
    {
        _prefix = prefix;
        _eventId = eventId;
        _range = database.OrdinalRange("event_id");
        _connection = database.OpenReader();
    }

    public List<string> Problems { get; } = [];

    /// <summary>Rows of this run's events seen by the last check.</summary>
    public long Rows { get; private set; }

    /// <summary>Events taken by the load generator so far (the highest number + 1).</summary>
    public long Started => Interlocked.Read(ref _started);

    /// <summary>Event <paramref name="n"/> is about to be sent.</summary>
    public void Starting(long n)
    {
        long seen;
        while ((seen = Interlocked.Read(ref _started)) < n + 1 && Interlocked.CompareExchange(ref _started, n + 1, seen) != seen)
        {
        }
    }

    /// <summary>The first delivery of event <paramref name="n"/> was answered 200.</summary>
    public void Acknowledged(long n)
    {
        lock (_lock)
        {
            if (n >= _acknowledged.Length)
            {
                Array.Resize(ref _acknowledged, (int)Math.Max(n + 1, _acknowledged.Length * 2L));
            }

            _acknowledged[n] = 1;
        }
    }

    /// <summary>
    /// One check: every event below the new watermark (all of them acknowledged) is in the inbox, and the run's rows
    /// are not more than the events started. Returns false (and records why) when one fails.
    /// </summary>
    public bool Check(string when)
    {
        long from, to;
        lock (_lock)
        {
            from = _watermark;
            to = from;
            while (to < _acknowledged.Length && _acknowledged[to] == 1)
            {
                to++;
            }

            _watermark = to;
        }

        var ok = true;
        if (to > from)
        {
            var stored = Count(_eventId(from), _eventId(to));
            if (stored != to - from)
            {
                Problems.Add($"{when}: {to - from - stored} of events {from}..{to - 1}, all acknowledged, are not in the inbox");
                ok = false;
            }
        }

        Rows = Count(_prefix, _prefix + ":");
        // Read after counting: the rows counted can only be for events started before.
        var sent = Started;
        if (Rows > sent)
        {
            Problems.Add($"{when}: {Rows} rows for {sent} events sent (duplicated)");
            ok = false;
        }

        return ok;
    }

    /// <summary>After the run: exactly one row per event sent, and every acknowledged event among them.</summary>
    public void Final(long sent)
    {
        Check("after the run");
        if (Rows != sent)
        {
            Problems.Add($"after the run: {Rows} rows for {sent} events sent ({(Rows < sent ? "lost" : "duplicated")})");
        }
    }

    public (long Done, long Failed, long Pending) Handled()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT COUNT(CASE WHEN status = 'done' THEN 1 END), COUNT(CASE WHEN status = 'failed' THEN 1 END), COUNT(CASE WHEN status = 'pending' THEN 1 END) FROM slack_event_inbox";
        using var reader = command.ExecuteReader();
        reader.Read();
        return (Convert.ToInt64(reader.GetValue(0)), Convert.ToInt64(reader.GetValue(1)), Convert.ToInt64(reader.GetValue(2)));
    }

    public void Dispose() => _connection.Dispose();

    private long Count(string fromId, string toId)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM slack_event_inbox WHERE {_range}";
        Add(command, "from", fromId);
        Add(command, "to", toId);
        return Convert.ToInt64(command.ExecuteScalar());
    }

    private static void Add(DbCommand command, string name, string value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
