#!/usr/bin/python3
"""The discord.py 2.x side of bench_discord.py: a bot that answers `!ping`
with a reply, pointed at the fake Discord whose base URL is argv[1] (the
same one patch as tests/doubles/check_discord_double.py: Route.BASE)."""

import asyncio
import logging
import sys

import discord
import discord.http


def main():
    base = sys.argv[1]
    discord.http.Route.BASE = base + "/api/v10"
    logging.getLogger("discord").setLevel(logging.ERROR)
    intents = discord.Intents.default()
    intents.message_content = True
    bot = discord.AutoShardedClient(intents=intents, guild_ready_timeout=0.3,
                                    max_ratelimit_timeout=None)

    @bot.event
    async def on_message(message):
        if message.author == bot.user:
            return
        if message.content == "!ping":
            await message.reply("pong")

    asyncio.run(bot.start("test-token"))


if __name__ == "__main__":
    main()
