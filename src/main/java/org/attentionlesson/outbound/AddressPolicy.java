package org.attentionlesson.outbound;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which network addresses the tool may connect to for a platform. Public unicast addresses always; loopback,
 * link-local, private (RFC 1918, unique-local IPv6), shared (RFC 6598) and reserved ranges only when the setting
 * {@code attention.outbound.allowPrivateNetworks} allows them ({@code true}, or a list of CIDR ranges). The
 * unspecified address ({@code 0.0.0.0}, {@code ::}) and multicast are never a platform and are always refused.
 * IPv6 forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4) are judged by that IPv4 address.
 */
public final class AddressPolicy {
    /** Ranges that are not the public internet (IANA special-purpose registries). */
    private static final List<Cidr> NON_PUBLIC = List.of(
            Cidr.parse("0.0.0.0/8"),
            Cidr.parse("10.0.0.0/8"),
            Cidr.parse("100.64.0.0/10"),
            Cidr.parse("127.0.0.0/8"),
            Cidr.parse("169.254.0.0/16"),
            Cidr.parse("172.16.0.0/12"),
            Cidr.parse("192.0.0.0/24"),
            Cidr.parse("192.0.2.0/24"),
            Cidr.parse("192.88.99.0/24"),
            Cidr.parse("192.168.0.0/16"),
            Cidr.parse("198.18.0.0/15"),
            Cidr.parse("198.51.100.0/24"),
            Cidr.parse("203.0.113.0/24"),
            Cidr.parse("224.0.0.0/4"),
            Cidr.parse("240.0.0.0/4"),
            Cidr.parse("::/128"),
            Cidr.parse("::1/128"),
            Cidr.parse("100::/64"),
            Cidr.parse("2001:db8::/32"),
            Cidr.parse("2001::/32"), // Teredo: tunnels to an address we cannot judge
            Cidr.parse("fc00::/7"),
            Cidr.parse("fe80::/10"),
            Cidr.parse("fec0::/10"),
            Cidr.parse("ff00::/8"));
    /** Never connectable as a platform, whatever the setting says. */
    private static final List<Cidr> NEVER = List.of(
            Cidr.parse("0.0.0.0/8"),
            Cidr.parse("224.0.0.0/4"),
            Cidr.parse("255.255.255.255/32"),
            Cidr.parse("::/128"),
            Cidr.parse("ff00::/8"));

    private final boolean allowAllPrivate;
    private final List<Cidr> allowed;

    private AddressPolicy(boolean allowAllPrivate, List<Cidr> allowed) {
        this.allowAllPrivate = allowAllPrivate;
        this.allowed = List.copyOf(allowed);
    }

    /** Public addresses only. */
    public static AddressPolicy strict() {
        return new AddressPolicy(false, List.of());
    }

    /**
     * From the setting's value: empty or {@code false} → public only; {@code true} → any non-public address too;
     * else a comma- or space-separated list of CIDR ranges ({@code 10.20.0.0/16, fd00:1::/64}) that are allowed.
     *
     * @throws IllegalArgumentException when a range is not valid CIDR
     */
    public static AddressPolicy parse(String setting) {
        String v = setting == null ? "" : setting.trim().toLowerCase(Locale.ROOT);
        if (v.isEmpty() || v.equals("false") || v.equals("none")) {
            return strict();
        }
        if (v.equals("true") || v.equals("all")) {
            return new AddressPolicy(true, List.of());
        }
        List<Cidr> out = new ArrayList<>();
        for (String part : v.split("[,\\s]+")) {
            if (!part.isEmpty()) {
                out.add(Cidr.parse(part));
            }
        }
        return new AddressPolicy(false, out);
    }

    /** Null when the tool may connect to this address, else why not (plain words, for logs and admins). */
    public String refusal(InetAddress address) {
        byte[] a = judged(address);
        for (Cidr c : NEVER) {
            if (c.contains(a)) {
                return "unspecified or multicast address";
            }
        }
        boolean nonPublic = false;
        for (Cidr c : NON_PUBLIC) {
            if (c.contains(a)) {
                nonPublic = true;
                break;
            }
        }
        if (!nonPublic || allowAllPrivate) {
            return null;
        }
        for (Cidr c : allowed) {
            if (c.contains(a) || c.contains(address.getAddress())) {
                return null;
            }
        }
        return "loopback, link-local, private or reserved address (not allowed by attention.outbound.allowPrivateNetworks)";
    }

    public boolean allows(InetAddress address) {
        return refusal(address) == null;
    }

    /** The setting as understood, for the start-up log. */
    public String describe() {
        return allowAllPrivate
                ? "any address"
                : allowed.isEmpty() ? "public addresses only" : "public addresses and " + allowed;
    }

    /** The bytes to judge: an IPv4 address carried inside an IPv6 one is judged as that IPv4 address. */
    static byte[] judged(InetAddress address) {
        byte[] b = address.getAddress();
        if (!(address instanceof Inet6Address)) {
            return b;
        }
        boolean zero80 = true;
        for (int i = 0; i < 10; i++) {
            zero80 &= b[i] == 0;
        }
        if (zero80 && b[10] == (byte) 0xff && b[11] == (byte) 0xff) {
            return slice(b, 12); // ::ffff:a.b.c.d (mapped)
        }
        if (zero80
                && b[10] == 0
                && b[11] == 0
                && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] == 0 || b[15] == 1))) {
            return slice(b, 12); // ::a.b.c.d (compatible, deprecated)
        }
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b) {
            boolean zero = true;
            for (int i = 4; i < 12; i++) {
                zero &= b[i] == 0;
            }
            if (zero) {
                return slice(b, 12); // 64:ff9b::a.b.c.d (NAT64)
            }
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return new byte[] {b[2], b[3], b[4], b[5]}; // 2002:AABB:CCDD::/48 (6to4)
        }
        return b;
    }

    private static byte[] slice(byte[] b, int from) {
        return new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]};
    }

    /** An address range in CIDR notation. */
    record Cidr(byte[] network, int prefix) {
        static Cidr parse(String text) {
            String t = text.trim();
            int slash = t.indexOf('/');
            String host = slash < 0 ? t : t.substring(0, slash);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (!host.matches("[0-9a-fA-F:.]+") || !(host.contains(":") || host.matches("\\d+\\.\\d+\\.\\d+\\.\\d+"))) {
                throw new IllegalArgumentException("Not an IP address range: " + text);
            }
            byte[] net;
            try {
                net = InetAddress.getByName(host).getAddress(); // a literal: no lookup happens
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("Not an IP address range: " + text);
            }
            int max = net.length * 8;
            int prefix;
            try {
                prefix = slash < 0 ? max : Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Not an IP address range: " + text);
            }
            if (prefix < 0 || prefix > max) {
                throw new IllegalArgumentException("Not an IP address range: " + text);
            }
            return new Cidr(net, prefix);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }

        @Override
        public String toString() {
            try {
                return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
            } catch (UnknownHostException e) {
                return "?/" + prefix;
            }
        }
    }
}
