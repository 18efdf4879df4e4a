namespace Portal.Web.Caching;

/// <summary>
/// A page (or fragment) anyone may read, whose answer to an anonymous visitor depends only on the ledger, the
/// visitor's language and theme, and the address: it gets validators and may be served from the output cache
/// (<see cref="PublicPageCaching"/>). Pages that show something else (the sign-in form, staff pages) do not carry it.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class PublicPageAttribute : Attribute;
