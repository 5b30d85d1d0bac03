using Microsoft.EntityFrameworkCore;

namespace Nashir.Web.Platform.Data;

/// <summary>
/// Queues this process's SQLite write transactions in memory. SQLite has one writer, and
/// Microsoft.Data.Sqlite answers a busy database by sleeping and retrying, so under a burst of
/// concurrent writes (64 readers commenting at once) most of them sleep while the database is idle;
/// waiting here instead lets each start the moment the previous commits. SQLite is single-node by
/// design, so one process is the whole writer population. PostgreSQL locks rows: no gate.
/// </summary>
public sealed class SqliteWriteGate : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);

    public async ValueTask<IDisposable?> EnterAsync(NashirDb db, CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlite()) return null;
        await gate.WaitAsync(cancellationToken);
        return new Release(gate);
    }

    public void Dispose() => gate.Dispose();

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0) gate.Release();
        }
    }
}
