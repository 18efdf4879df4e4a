using System.Linq.Expressions;

namespace Portal.Ledger.Funds;

/// <summary>A region filter on any row with a region code: the code's whole subtree, as an index range (<see cref="RegionCodes.PrefixRange"/>).</summary>
public static class RegionFilter
{
    public static IQueryable<T> InRegion<T>(this IQueryable<T> query, Expression<Func<T, string?>> code, string region)
    {
        var (from, next) = RegionCodes.PrefixRange(region);
        // Read through a captured object so the provider sends the bounds as parameters, one cached plan for every region.
        var bounds = Expression.Constant(new Bounds(from, next, region));
        var column = code.Body;
        var compareTo = typeof(string).GetMethod(nameof(string.CompareTo), [typeof(string)])!;
        Expression Compare(string bound) => Expression.Call(column, compareTo, Expression.Property(bounds, bound));
        var zero = Expression.Constant(0);
        Expression test = region.Length > 6
            ? Expression.Equal(column, Expression.Property(bounds, nameof(Bounds.Exact)))
            : next is null
                ? Expression.GreaterThanOrEqual(Compare(nameof(Bounds.From)), zero)
                : Expression.AndAlso(Expression.GreaterThanOrEqual(Compare(nameof(Bounds.From)), zero), Expression.LessThan(Compare(nameof(Bounds.Before)), zero));
        return query.Where(Expression.Lambda<Func<T, bool>>(test, code.Parameters));
    }

    private sealed record Bounds(string From, string? Before, string Exact);
}
