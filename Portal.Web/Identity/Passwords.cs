using System.Security.Cryptography;

namespace Portal.Web.Identity;

public static class Passwords
{
    /// <summary>A fresh password: 16 characters from a 54-letter alphabet without look-alikes, about 92 bits.</summary>
    public static string New() =>
        new(RandomNumberGenerator.GetItems<char>("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 16));
}
