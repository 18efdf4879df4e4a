namespace Portal.Web.Caching;

/// <summary>
/// What a public page learned while rendering about how long its answer holds: a block, an entry or the record of
/// a closed request never changes, so its page may be kept for a year. Set during rendering, read as the response
/// starts (pages render without streaming, so before it).
/// </summary>
public sealed class PageCaching
{
    public bool Immutable { get; private set; }

    public void MarkImmutable() => Immutable = true;
}
