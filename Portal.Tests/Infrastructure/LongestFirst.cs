using System.Reflection;
using Xunit.Sdk;
using Xunit.v3;

[assembly: TestCollectionOrderer(typeof(Portal.Tests.Infrastructure.LongestFirst))]

namespace Portal.Tests.Infrastructure;

/// <summary>A test class that takes a minute or more on the two-core test machine.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class LongRunningAttribute : Attribute;

/// <summary>
/// Has the <see cref="LongRunningAttribute"/> classes started first, each group otherwise in the order it would have
/// had: with two test threads, a long class started last runs alone while the other thread has nothing left, and
/// started first it is filled around by short ones (longest-first scheduling). xunit's runner starts the parallel
/// collections through its two-thread context, which takes the most recently queued first (seen in the TRX
/// timeline: the collections ordered last started first), so the long classes go at the end of the order.
/// </summary>
public sealed class LongestFirst : ITestCollectionOrderer
{
    private static readonly string[] LongRunning =
        [.. typeof(LongestFirst).Assembly.GetTypes().Where(t => t.GetCustomAttribute<LongRunningAttribute>() is not null).Select(t => t.FullName!)];

    public IReadOnlyCollection<TTestCollection> OrderTestCollections<TTestCollection>(IReadOnlyCollection<TTestCollection> testCollections)
        where TTestCollection : notnull, ITestCollection =>
        [.. testCollections.OrderBy(c => IsLongRunning(c.TestCollectionDisplayName) ? 1 : 0)];

    // A class's own collection is named after it ("Test collection for Namespace.Class", perhaps with more after).
    private static bool IsLongRunning(string collection) => LongRunning.Any(name =>
    {
        var at = collection.IndexOf(name, StringComparison.Ordinal);
        var end = at + name.Length;
        return at >= 0 && (end == collection.Length || !(char.IsLetterOrDigit(collection[end]) || collection[end] == '_'));
    });
}
