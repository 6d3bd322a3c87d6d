enum _TemplatesModule {}
