using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Query;

namespace Portal.Ledger.Funds;

/// <summary>
/// The rows a time-based check flags, as one range of the column its clock starts from (the last payment, the
/// approval, the complaint): a flag is detected <see cref="Shift"/> after it, so the list's time filters and cursor
/// become bounds on that column, which an index reads newest first.
/// </summary>
internal sealed class Overdue
{
    private readonly Bounds _bounds;
    private readonly bool _tie;

    public Overdue(long shift, long now, AnomalyFilter filter, AnomalyCursor? cursor, int source)
    {
        Shift = shift;
        // Overdue by now, and detected before 'to'.
        var before = Math.Min(now - shift, filter.ToMs is { } to ? to - shift : long.MaxValue);
        long tieAt = 0, tieId = 0;
        if (cursor is { } c)
        {
            var at = c.DetectedAtMs - shift;
            if (c.Source == source)
            {
                // Older, or as old with a smaller id; the cursor's own time lay within the other bounds.
                _tie = at < before;
                (tieAt, tieId) = (at, c.Id);
                before = Math.Min(before, at);
            }
            else
            {
                before = Math.Min(before, c.TiesAfter(source) ? at + 1 : at);
            }
        }
        _bounds = new Bounds(before, filter.FromMs is { } from ? from - shift : long.MinValue, tieAt, tieId);
    }

    /// <summary>How long after its clock starts a flag is detected.</summary>
    public long Shift { get; }

    public IQueryable<T> Apply<T>(IQueryable<T> query, Expression<Func<T, long?>> clock, Expression<Func<T, long>> id)
    {
        var row = clock.Parameters[0];
        var time = clock.Body.Type == typeof(long?) ? clock.Body : Expression.Convert(clock.Body, typeof(long?));
        var key = ReplacingExpressionVisitor.Replace(id.Parameters[0], row, id.Body);
        // Read through a captured object so the provider sends the bounds as parameters: one cached plan.
        var bounds = Expression.Constant(_bounds);
        Expression Bound(string name) => Expression.Convert(Expression.Property(bounds, name), typeof(long?));
        Expression test = Expression.AndAlso(Expression.LessThan(time, Bound(nameof(Bounds.Before))), Expression.GreaterThanOrEqual(time, Bound(nameof(Bounds.From))));
        if (_tie)
        {
            test = Expression.OrElse(test, Expression.AndAlso(
                Expression.Equal(time, Bound(nameof(Bounds.TieAt))), Expression.LessThan(key, Expression.Property(bounds, nameof(Bounds.TieId)))));
        }
        return query.Where(Expression.Lambda<Func<T, bool>>(test, row));
    }

    private sealed record Bounds(long Before, long From, long TieAt, long TieId);
}
