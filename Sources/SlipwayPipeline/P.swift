enum _PipelineModule {}
